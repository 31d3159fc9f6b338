package org.moeworkbench.engine.hardmoe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.moeworkbench.engine.config.AugmentConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.data.Batch;
import org.moeworkbench.engine.data.DatasetSplit;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.CosineSchedule;
import org.moeworkbench.engine.train.LabelSmoothing;
import org.moeworkbench.engine.train.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains one network (trunk, ensemble member or independent expert) on a split: seeded batches, cosine
 * learning rate after warmup, validation loss after every epoch, the best weights kept in a checkpoint,
 * early stopping after {@code patience} epochs without improvement. One thread per network.
 */
final class ModelTraining {
    /** The process's resident-memory cap; a hard-MoE stage over it stops with the cap's message. */
    private static final org.moeworkbench.engine.train.MemoryCap MEMORY_CAP =
            org.moeworkbench.engine.train.MemoryCap.fromEnvironment();

    /**
     * @param model        the metrics / progress name
     * @param epochs       maximum epochs
     * @param patience     early stopping (epochs without a better validation loss)
     * @param dataSeed     seeds the batch order, per-tag draws and augmentation
     * @param tagWeights   weights of the per-tag draws (experts with expertSampling "global"); null: plain sampling
     *     of the split (trunk, ensemble members, experts with expertSampling "cluster")
     */
    record Settings(
            String model,
            int epochs,
            int patience,
            double learningRate,
            double warmupEpochs,
            int batchSize,
            double labelSmoothing,
            Sampling sampling,
            AugmentConfig augment,
            long dataSeed,
            TagWeights tagWeights) {

        Sampler sampler(TaskData data, DatasetSplit split, long seed) {
            return new Sampler(
                    data, split, batchSize, sampling, augment, seed, tagWeights == null ? null : tagWeights.train());
        }

        /** The validation loss early stopping watches: the training objective on validation images. */
        double validationLoss(TaskData data, double[][] logProbs, int[][] tags) {
            if (tagWeights != null && sampling == Sampling.PER_TAG) {
                return TagMetrics.weightedPairLoss(logProbs, tags, tagWeights.validation());
            }
            return data.objective(logProbs, tags, sampling);
        }
    }

    /** Per-tag draw weights of the train split and of the validation loss. */
    record TagWeights(double[] train, double[] validation) {}

    /** How a training ended; {@code cancelled} = stopped on request, the network is then half-trained. */
    record Outcome(int epochs, int bestEpoch, Double bestValidationLoss, double seconds, boolean cancelled) {}

    private ModelTraining() {}

    static Outcome train(
            Network network,
            TaskData data,
            DatasetSplit train,
            DatasetSplit validation,
            Settings s,
            Path bestCheckpoint,
            MetricsLog metrics,
            TrainingListener listener,
            CancellationToken cancel)
            throws IOException {
        try {
            long start = System.nanoTime();
            Sampler stream = s.sampler(data, train, s.dataSeed());
            int steps = stream.batchesPerEpoch();
            CosineSchedule schedule =
                    CosineSchedule.of(s.learningRate(), s.warmupEpochs(), s.epochs(), Math.max(1, steps));
            int[][] validationTags = data.tags(validation);
            List<INDArray> validationBatches = data.featureBatches(validation, 256);
            boolean validate = validation.size() > 0;
            long step = 0;
            int bestEpoch = 0;
            double best = Double.POSITIVE_INFINITY;
            int epoch = 0;
            while (epoch < s.epochs()) {
                double lossSum = 0;
                int batches = 0;
                long epochStart = System.nanoTime();
                try (var it = stream.epoch(epoch)) {
                    while (it.hasNext()) {
                        if (cancel.isCancelled()) {
                            return new Outcome(epoch, bestEpoch, finite(best), seconds(start), true);
                        }
                        Batch b = it.next();
                        INDArray y = LabelSmoothing.apply(b.targets(), s.labelSmoothing());
                        Network.StepResult r = network.trainStep(b.features(), y, schedule.rate(step));
                        if (!Double.isFinite(r.loss())) {
                            throw new IllegalStateException(s.model() + ": loss is " + r.loss() + " at epoch "
                                    + (epoch + 1) + ", batch " + (batches + 1) + "; lower the learning rate");
                        }
                        long rss = MEMORY_CAP.exceededBy();
                        if (rss > 0) {
                            throw new IllegalStateException(MEMORY_CAP.message(rss) + " while training " + s.model()
                                    + " (epoch " + (epoch + 1) + ", batch " + (batches + 1)
                                    + "); the files of finished "
                                    + "stages are kept. " + org.moeworkbench.engine.train.MemoryCap.REMEDY);
                        }
                        step++;
                        batches++;
                        lossSum += r.loss();
                        listener.modelStep(s.model(), epoch + 1, batches, steps, r.loss());
                    }
                }
                epoch++;
                Double validationLoss = null;
                boolean improved;
                if (validate) {
                    double v = s.validationLoss(data, TaskData.logProbs(network, validationBatches), validationTags);
                    validationLoss = v;
                    improved = v < best;
                    if (improved) {
                        best = v;
                        bestEpoch = epoch;
                        network.save(bestCheckpoint);
                    }
                } else {
                    improved = true;
                    bestEpoch = epoch;
                }
                double trainLoss = lossSum / Math.max(1, batches);
                ObjectNode line = MetricsLog.line("epoch");
                line.put("model", s.model());
                line.put("epoch", epoch);
                line.put("trainLoss", trainLoss);
                if (validationLoss == null) {
                    line.putNull("validationLoss");
                } else {
                    line.put("validationLoss", validationLoss);
                }
                line.put("images", train.size());
                line.put("seconds", (System.nanoTime() - epochStart) / 1e9);
                line.put("best", improved);
                metrics.append(line);
                listener.modelEpoch(s.model(), epoch, s.epochs(), trainLoss, validationLoss, improved);
                if (validate && epoch - bestEpoch >= s.patience()) {
                    break;
                }
            }
            if (!validate || bestEpoch == 0) {
                network.save(bestCheckpoint);
            } else if (bestEpoch != epoch && bestEpoch > 0) {
                network.load(bestCheckpoint);
            }
            return new Outcome(epoch, bestEpoch, finite(best), seconds(start), false);
        } finally {
            network.releaseTrainingMemory(); // trained experts stay alive for the evaluation
        }
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
