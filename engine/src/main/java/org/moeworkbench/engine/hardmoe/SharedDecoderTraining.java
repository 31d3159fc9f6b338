package org.moeworkbench.engine.hardmoe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moeworkbench.engine.data.Batch;
import org.moeworkbench.engine.data.BatchStream;
import org.moeworkbench.engine.data.DatasetSplit;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.CosineSchedule;
import org.moeworkbench.engine.train.LabelSmoothing;
import org.moeworkbench.engine.train.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Experts with a shared decoder (Gross et al. section 3): each expert is a body that outputs features, and one
 * classifier head (with its optimiser state) sees every expert's data. The experts take steps in turn on one
 * thread; before each step the shared head is put into the expert and taken back after it, so the head gets the
 * gradient of every expert's batch. Early stopping is joint: on the validation loss over all experts' validation
 * images (each scored by its own body and the shared head).
 */
final class SharedDecoderTraining {

    /** One expert of the shared-decoder group. */
    record Member(
            int expert, Network network, DatasetSplit train, DatasetSplit validation, long dataSeed, Path checkpoint) {}

    private final Map<String, INDArray> head;

    SharedDecoderTraining(Map<String, INDArray> initialHead) {
        this.head = new LinkedHashMap<>(initialHead);
    }

    /** The current shared head (weights and optimiser state). */
    Map<String, INDArray> head() {
        return head;
    }

    /** One step of {@code network} with the shared head; the head is updated by this step. */
    Network.StepResult step(Network network, INDArray features, INDArray targets, double rate) {
        network.setHeadState(head);
        Network.StepResult r = network.trainStep(features, targets, rate);
        head.clear();
        head.putAll(network.headState());
        return r;
    }

    /** Trains all members; returns an outcome per member (same epochs for all: the stopping is joint). */
    Map<Integer, ModelTraining.Outcome> train(
            List<Member> members,
            TaskData data,
            ModelTraining.Settings s,
            MetricsLog metrics,
            TrainingListener listener,
            CancellationToken cancel)
            throws IOException {
        long start = System.nanoTime();
        List<Sampler> streams = new ArrayList<>();
        List<CosineSchedule> schedules = new ArrayList<>();
        List<List<INDArray>> validationBatches = new ArrayList<>();
        List<int[][]> validationTags = new ArrayList<>();
        for (Member m : members) {
            Sampler stream = s.sampler(data, m.train(), m.dataSeed());
            streams.add(stream);
            schedules.add(CosineSchedule.of(
                    s.learningRate(), s.warmupEpochs(), s.epochs(), Math.max(1, stream.batchesPerEpoch())));
            validationBatches.add(data.featureBatches(m.validation(), 256));
            validationTags.add(data.tags(m.validation()));
        }
        long[] steps = new long[members.size()];
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        boolean validate = members.stream().anyMatch(m -> m.validation().size() > 0);
        while (epoch < s.epochs()) {
            List<BatchStream.EpochIterator> its = new ArrayList<>();
            double[] lossSum = new double[members.size()];
            int[] batches = new int[members.size()];
            try {
                for (Sampler stream : streams) {
                    its.add(stream.epoch(epoch));
                }
                boolean any = true;
                while (any) {
                    any = false;
                    for (int e = 0; e < members.size(); e++) {
                        BatchStream.EpochIterator it = its.get(e);
                        if (!it.hasNext()) {
                            continue;
                        }
                        if (cancel.isCancelled()) {
                            return outcomes(members, epoch, bestEpoch, best, start, true);
                        }
                        any = true;
                        Batch b = it.next();
                        Member m = members.get(e);
                        INDArray y = LabelSmoothing.apply(b.targets(), s.labelSmoothing());
                        Network.StepResult r = step(
                                m.network(), b.features(), y, schedules.get(e).rate(steps[e]));
                        if (!Double.isFinite(r.loss())) {
                            throw new IllegalStateException(
                                    HardMoeRun.expertName(m.expert()) + " (shared decoder): loss is " + r.loss()
                                            + " at epoch " + (epoch + 1) + "; lower the learning rate");
                        }
                        steps[e]++;
                        batches[e]++;
                        lossSum[e] += r.loss();
                        listener.modelStep(
                                HardMoeRun.expertName(m.expert()),
                                epoch + 1,
                                batches[e],
                                streams.get(e).batchesPerEpoch(),
                                r.loss());
                    }
                }
            } finally {
                its.forEach(BatchStream.EpochIterator::close);
            }
            epoch++;
            // joint validation: every expert's body with the shared head, weighted by its validation images
            double weighted = 0;
            int images = 0;
            for (int e = 0; e < members.size(); e++) {
                Member m = members.get(e);
                m.network().setHeadState(head);
                if (m.validation().size() == 0) {
                    continue;
                }
                double v = s.validationLoss(
                        data, TaskData.logProbs(m.network(), validationBatches.get(e)), validationTags.get(e));
                weighted += v * m.validation().size();
                images += m.validation().size();
            }
            Double validationLoss = images == 0 ? null : weighted / images;
            boolean improved = validationLoss == null || validationLoss < best;
            if (improved) {
                bestEpoch = epoch;
                if (validationLoss != null) {
                    best = validationLoss;
                }
                for (Member m : members) {
                    m.network().save(m.checkpoint());
                }
            }
            for (int e = 0; e < members.size(); e++) {
                ObjectNode line = MetricsLog.line("epoch");
                line.put("model", HardMoeRun.expertName(members.get(e).expert()));
                line.put("epoch", epoch);
                line.put("trainLoss", lossSum[e] / Math.max(1, batches[e]));
                if (validationLoss == null) {
                    line.putNull("validationLoss");
                } else {
                    line.put("validationLoss", validationLoss);
                }
                line.put("sharedDecoder", true);
                line.put("images", members.get(e).train().size());
                line.put("best", improved);
                metrics.append(line);
            }
            listener.modelEpoch(
                    "experts (shared decoder)",
                    epoch,
                    s.epochs(),
                    Arrays.stream(lossSum).sum()
                            / Math.max(1, Arrays.stream(batches).sum()),
                    validationLoss,
                    improved);
            if (validate && epoch - bestEpoch >= s.patience()) {
                break;
            }
        }
        if (bestEpoch != epoch) {
            for (Member m : members) {
                m.network().load(m.checkpoint());
            }
            if (!members.isEmpty()) {
                head.clear();
                head.putAll(members.get(0).network().headState());
            }
        }
        return outcomes(members, epoch, bestEpoch, best, start, false);
    }

    private static Map<Integer, ModelTraining.Outcome> outcomes(
            List<Member> members, int epochs, int bestEpoch, double best, long start, boolean cancelled) {
        Map<Integer, ModelTraining.Outcome> out = new LinkedHashMap<>();
        for (Member m : members) {
            out.put(
                    m.expert(),
                    new ModelTraining.Outcome(
                            epochs, bestEpoch, ModelTraining.finite(best), ModelTraining.seconds(start), cancelled));
        }
        return out;
    }
}
