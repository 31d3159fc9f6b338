package org.moeworkbench.engine.hardmoe;

import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.AugmentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.data.Batch;
import org.moeworkbench.engine.data.BatchOptions;
import org.moeworkbench.engine.data.BatchStream;
import org.moeworkbench.engine.data.DatasetSplit;
import org.moeworkbench.engine.data.Datasets;
import org.moeworkbench.engine.data.ImageDataset;
import org.moeworkbench.engine.model.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The dataset seen through the hard-MoE task: the "tags" of an image are its tag set (task tags) or its class
 * (task classes, one tag per image), and the vocabulary is the tag words or the class names.
 */
final class TaskData {
    final ImageDataset dataset;
    final Task task;
    final List<String> vocabulary;

    TaskData(ImageDataset dataset, Task task) {
        this.dataset = dataset;
        this.task = task;
        this.vocabulary = task == Task.TAGS ? dataset.tagVocabulary() : dataset.classNames();
    }

    static TaskData open(HardMoeConfig config) {
        ImageDataset full = Datasets.open(config.data());
        if (config.maxTrainImages() == 0 && config.maxTestImages() == 0) {
            return new TaskData(full, config.data().task());
        }
        int maxValidation =
                (int) Math.ceil(config.maxTrainImages() * config.data().validationFraction());
        ImageDataset limited = new ImageDataset(
                full.name(),
                full.classNames(),
                full.tagVocabulary(),
                limit(full.train(), config.maxTrainImages(), config.seed()),
                limit(
                        full.validation(),
                        config.maxTrainImages() == 0 ? 0 : Math.max(1, maxValidation),
                        config.seed() + 1),
                limit(full.test(), config.maxTestImages(), config.seed() + 2),
                full.skippedRecords(),
                full.skipMessages());
        return new TaskData(limited, config.data().task());
    }

    /** The first {@code max} images of a seeded permutation, in split order; the split itself if max is 0 or more. */
    static DatasetSplit limit(DatasetSplit split, int max, long seed) {
        if (max <= 0 || max >= split.size()) {
            return split;
        }
        int[] order = java.util.stream.IntStream.range(0, split.size()).toArray();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] kept = java.util.Arrays.copyOf(order, max);
        java.util.Arrays.sort(kept);
        return new org.moeworkbench.engine.data.SubsetSplit(split.name(), split, kept);
    }

    int width() {
        return vocabulary.size();
    }

    int[][] tags(DatasetSplit split) {
        int[][] out = new int[split.size()][];
        for (int i = 0; i < split.size(); i++) {
            if (task == Task.TAGS) {
                out[i] = split.tags(i);
            } else {
                int label = split.label(i);
                out[i] = label < 0 ? new int[0] : new int[] {label};
            }
        }
        return out;
    }

    BatchStream trainStream(DatasetSplit split, int batchSize, Sampling sampling, AugmentConfig augment, long seed) {
        return new BatchStream(
                split,
                new BatchOptions(batchSize, task, sampling, true, true, augment, seed, 2),
                dataset.normalization(),
                width());
    }

    /** Every image of {@code split} once, in order, as feature batches (no augmentation). */
    List<INDArray> featureBatches(DatasetSplit split, int batchSize) {
        List<INDArray> out = new ArrayList<>();
        if (split.size() == 0) {
            return out;
        }
        BatchStream stream = new BatchStream(
                split, BatchOptions.evaluation(task, batchSize).withPrefetch(0), dataset.normalization(), width());
        var epoch = stream.epoch(0);
        while (epoch.hasNext()) {
            Batch b = epoch.next();
            out.add(b.features());
        }
        return out;
    }

    /** Log-probabilities [n][V] of a network on the batches, in order. */
    static double[][] logProbs(Network network, List<INDArray> batches) {
        List<double[]> rows = new ArrayList<>();
        for (INDArray x : batches) {
            double[][] logits = network.logits(x)
                    .castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                    .toDoubleMatrix();
            for (double[] row : TagMetrics.logSoftmax(logits)) {
                rows.add(row);
            }
        }
        return rows.toArray(new double[0][]);
    }

    double[][] logProbs(Network network, DatasetSplit split, int batchSize) {
        return TagMetrics.logSoftmax(rows(split, batchSize, network::logits));
    }

    /** Penultimate features [n][F] of a network on a split, in order. */
    double[][] penultimate(Network network, DatasetSplit split, int batchSize) {
        return rows(split, batchSize, network::penultimate);
    }

    /** The rows of {@code output} over a split's evaluation batches, in order, as doubles. */
    private double[][] rows(DatasetSplit split, int batchSize, java.util.function.Function<INDArray, INDArray> output) {
        List<double[]> rows = new ArrayList<>();
        if (split.size() == 0) {
            return new double[0][];
        }
        BatchStream stream =
                new BatchStream(split, BatchOptions.evaluation(task, batchSize), dataset.normalization(), width());
        try (var epoch = stream.epoch(0)) {
            while (epoch.hasNext()) {
                INDArray out = output.apply(epoch.next().features());
                for (double[] row :
                        out.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix()) {
                    rows.add(row);
                }
            }
        }
        return rows.toArray(new double[0][]);
    }

    /**
     * The loss a model is trained on and stopped by: per-tag sampling -> the per-tag loss; uniform -> the
     * mean eq. 3 loss (the cross-entropy for classes).
     */
    double objective(double[][] logProbs, int[][] tags, Sampling sampling) {
        return sampling == Sampling.PER_TAG
                ? TagMetrics.perTagLoss(logProbs, tags, width())
                : TagMetrics.uniformLoss(logProbs, tags);
    }
}
