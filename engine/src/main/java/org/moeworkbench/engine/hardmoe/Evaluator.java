package org.moeworkbench.engine.hardmoe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.data.DatasetSplit;
import org.moeworkbench.engine.data.SubsetSplit;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.train.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Scores trunk, hard MoE, oracle and ensemble on the test split (and the train loss on the train split) and
 * measures the inference time of the hard MoE (trunk features, gater, expert) against the trunk's forward pass.
 * Writes per_tag.json and test-scores/ (every model's test log-probabilities and the targets); returns the entries
 * of results.json.
 */
record Evaluator(
        HardMoeConfig config,
        TaskData data,
        Path root,
        Network trunk,
        List<Network> members,
        Map<Integer, Network> experts,
        HardMoeRun.Clusters clusters,
        Gater gater,
        TrainingListener listener) {
    private static final int BATCH = 256;
    private static final int TIMING_REPEATS = 3;

    Map<String, HardMoeRun.ModelResult> evaluate() throws IOException {
        DatasetSplit test = data.dataset.test();
        DatasetSplit train = data.dataset.train();
        int[][] testTags = data.tags(test);
        int[][] trainTags = data.tags(train);
        int vocabulary = data.width();
        List<INDArray> testBatches = data.featureBatches(test, BATCH);
        Map<Integer, int[]> rowsOf = new LinkedHashMap<>();
        Map<Integer, List<INDArray>> clusterBatches = new LinkedHashMap<>();
        for (int e : experts.keySet()) {
            int[] rows = HardMoeRunnerSupport.members(clusters.test(), e);
            rowsOf.put(e, rows);
            clusterBatches.put(e, data.featureBatches(new SubsetSplit("test-cluster-" + e, test, rows), BATCH));
        }
        warmUp(testBatches);

        // trunk and hard MoE, timed (best of a few passes: the machine is shared)
        double[][] trunkTest = null;
        double[][] moeTest = null;
        double trunkSeconds = Double.POSITIVE_INFINITY;
        double moeSeconds = Double.POSITIVE_INFINITY;
        int mismatched = 0;
        for (int r = 0; r < TIMING_REPEATS; r++) {
            long t0 = System.nanoTime();
            trunkTest = TaskData.logProbs(trunk, testBatches);
            trunkSeconds = Math.min(trunkSeconds, (System.nanoTime() - t0) / 1e9);

            t0 = System.nanoTime();
            List<double[]> features = new ArrayList<>();
            for (INDArray x : testBatches) {
                for (double[] row : trunk.penultimate(x).castTo(DataType.DOUBLE).toDoubleMatrix()) {
                    features.add(row);
                }
            }
            int[] assign = gater.assign(features.toArray(new double[0][]));
            double[][] moe = new double[test.size()][];
            for (int e : experts.keySet()) {
                double[][] rows = TaskData.logProbs(experts.get(e), clusterBatches.get(e));
                int[] at = rowsOf.get(e);
                for (int i = 0; i < at.length; i++) {
                    moe[at[i]] = rows[i];
                }
            }
            moeSeconds = Math.min(moeSeconds, (System.nanoTime() - t0) / 1e9);
            mismatched = 0;
            for (int i = 0; i < assign.length; i++) {
                if (assign[i] != clusters.test()[i]) {
                    mismatched++;
                }
            }
            for (int i = 0; i < moe.length; i++) {
                if (moe[i] == null) {
                    moe[i] = trunkTest[i]; // routed to a cluster without an expert: cannot happen with null centroids
                }
            }
            moeTest = moe;
        }
        if (mismatched > 0) {
            listener.info("note: " + mismatched + " test images were routed differently when re-gated at"
                    + " evaluation (float rounding); results use clusters.json");
        }

        Map<String, HardMoeRun.ModelResult> results = new LinkedHashMap<>();
        long trunkParams = trunk.summary().params();
        long headParams =
                (long) vocabulary * (trunk.penultimate(testBatches.get(0)).size(1) + 1);
        long expertParams = experts.size() * trunkParams
                - (config.decoder().equals("shared") ? Math.max(0, experts.size() - 1) * headParams : 0);

        double trunkTrain = trainLoss(data.logProbs(trunk, train, BATCH), trainTags);
        double trunkFlops = trunk.summary().flopsPerImage();
        int d = gater.pca().components().length;
        double gaterFlops = 2.0 * d * gater.pca().featureSize() + 3.0 * d * gater.k();
        results.put(HardMoeRun.MODEL_TRUNK, result(trunkTest, testTags, trunkTrain, 1.0, trunkParams, 1.0));
        TestScores scores =
                TestScores.start(root, testTags, vocabulary).withModel(root, HardMoeRun.MODEL_TRUNK, trunkTest);

        double[][] moeTrain = new double[train.size()][];
        for (int e : experts.keySet()) {
            int[] rows = HardMoeRunnerSupport.members(clusters.train(), e);
            double[][] lp = data.logProbs(experts.get(e), new SubsetSplit("train-cluster-" + e, train, rows), BATCH);
            for (int i = 0; i < rows.length; i++) {
                moeTrain[rows[i]] = lp[i];
            }
        }
        results.put(
                HardMoeRun.MODEL_MOE,
                result(
                        moeTest,
                        testTags,
                        trainLoss(moeTrain, trainTags),
                        moeSeconds / trunkSeconds,
                        trunkParams + expertParams,
                        (2 * trunkFlops + gaterFlops) / trunkFlops));
        scores = scores.withModel(root, HardMoeRun.MODEL_MOE, moeTest);

        // oracle: for each test image the expert with the lowest loss on its true tags
        double[][] oracle = moeTest.clone();
        double[] bestLoss = new double[test.size()];
        java.util.Arrays.fill(bestLoss, Double.POSITIVE_INFINITY);
        for (Network expert : experts.values()) {
            double[][] lp = TaskData.logProbs(expert, testBatches);
            for (int i = 0; i < lp.length; i++) {
                double loss = TagMetrics.imageLoss(lp[i], testTags[i]);
                if (loss < bestLoss[i]) {
                    bestLoss[i] = loss;
                    oracle[i] = lp[i];
                }
            }
        }
        results.put(
                HardMoeRun.MODEL_ORACLE,
                result(
                        oracle,
                        testTags,
                        null,
                        null,
                        trunkParams + expertParams,
                        (1 + experts.size()) + gaterFlops / trunkFlops));
        scores = scores.withModel(root, HardMoeRun.MODEL_ORACLE, oracle);

        if (members.size() > 1) {
            List<double[][]> memberTest = new ArrayList<>();
            List<double[][]> memberTrain = new ArrayList<>();
            double seconds = 0;
            for (Network m : members) {
                double best = Double.POSITIVE_INFINITY;
                double[][] lp = null;
                for (int r = 0; r < TIMING_REPEATS; r++) {
                    long t0 = System.nanoTime();
                    lp = TaskData.logProbs(m, testBatches);
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
                memberTest.add(lp);
                seconds += best;
                memberTrain.add(data.logProbs(m, train, BATCH));
            }
            double[][] ensembleTest = TagMetrics.logMeanProbability(memberTest);
            scores.withModel(root, HardMoeRun.MODEL_ENSEMBLE, ensembleTest);
            results.put(
                    HardMoeRun.MODEL_ENSEMBLE,
                    result(
                            ensembleTest,
                            testTags,
                            trainLoss(TagMetrics.logMeanProbability(memberTrain), trainTags),
                            seconds / trunkSeconds,
                            members.size() * trunkParams,
                            members.size()));
        }
        writePerTag(moeTest, testTags, trainTags);
        return results;
    }

    private void warmUp(List<INDArray> testBatches) {
        if (testBatches.isEmpty()) {
            return;
        }
        INDArray x = testBatches.get(0);
        trunk.logits(x);
        trunk.penultimate(x);
        experts.values().forEach(e -> e.logits(x));
        members.forEach(m -> m.logits(x));
    }

    private double trainLoss(double[][] logProbs, int[][] tags) {
        return data.task == Task.TAGS
                ? TagMetrics.perTagLoss(logProbs, tags, data.width())
                : TagMetrics.uniformLoss(logProbs, tags);
    }

    /** q@m exactly, or estimated from {@code samples} draws as the paper does if the config asks for that. */
    private static double qAtM(double[][] test, int[][] tags, int vocabulary, int m, int samples, long seed) {
        return samples == HardMoeConfig.EXACT_Q
                ? TagMetrics.qAtM(test, tags, vocabulary, m)
                : TagMetrics.qAtMSampled(test, tags, vocabulary, m, samples, seed);
    }

    private HardMoeRun.ModelResult result(
            double[][] test, int[][] tags, Double trainLoss, Double cost, long params, double flopsRelative) {
        int v = data.width();
        long seed = config.seed() + 5;
        int s = config.qSamples();
        return new HardMoeRun.ModelResult(
                finite(TagMetrics.uniformLoss(test, tags)),
                finite(TagMetrics.perTagLoss(test, tags, v)),
                trainLoss == null ? null : finite(trainLoss),
                finite(qAtM(test, tags, v, 1, s, seed)),
                finite(qAtM(test, tags, v, 5, s, seed)),
                finite(qAtM(test, tags, v, 10, s, seed)),
                finite(TagMetrics.pAtM(test, tags, 1)),
                finite(TagMetrics.pAtM(test, tags, 5)),
                finite(TagMetrics.pAtM(test, tags, 10)),
                cost == null ? null : finite(cost),
                params,
                finite(flopsRelative));
    }

    private void writePerTag(double[][] moeTest, int[][] testTags, int[][] trainTags) throws IOException {
        int v = data.width();
        double[] q10 = TagMetrics.perTagHitRate(moeTest, testTags, v, 10);
        double[][] counts = new double[v][clusters.k()];
        int[] count = new int[v];
        for (int i = 0; i < trainTags.length; i++) {
            for (int t : trainTags[i]) {
                counts[t][clusters.train()[i]]++;
                count[t]++;
            }
        }
        List<HardMoeRun.PerTag> out = new ArrayList<>();
        for (int t = 0; t < v; t++) {
            out.add(new HardMoeRun.PerTag(
                    data.vocabulary.get(t), count[t], finite(q10[t]), count[t] == 0 ? null : sparsity(counts[t])));
        }
        ConfigJson.write(root.resolve(HardMoeRun.PER_TAG), out);
    }

    /** ||c||1 / ||c||2: 1 when all in one cluster, sqrt(K) when spread evenly. */
    static double sparsity(double[] c) {
        double l1 = 0;
        double l2 = 0;
        for (double x : c) {
            l1 += Math.abs(x);
            l2 += x * x;
        }
        return l2 == 0 ? Double.NaN : l1 / Math.sqrt(l2);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
