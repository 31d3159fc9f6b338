package org.moeworkbench.engine.run;

import java.util.List;

/**
 * checkpoints/state.json: which checkpoint file is the last and which the best, and where training stood
 * when the last one was written.
 *
 * @param last the newest checkpoint: training resumes from it
 * @param best the checkpoint with the highest validation accuracy so far (null before the first epoch end)
 */
public record CheckpointState(Last last, Best best) {

    /**
     * @param file            checkpoint file name inside checkpoints/
     * @param globalStep      steps done when it was written
     * @param epochsCompleted whole epochs done
     * @param batchInEpoch    steps done in the epoch in progress (0 at an epoch end)
     * @param epochSoFar      training sums of the epoch in progress, so its epoch line comes out as if
     *                        the run had not stopped
     * @param bestEpoch       1-based epoch of the best validation accuracy so far (0 if none)
     * @param bestValidationAccuracy that accuracy (-1 if none)
     */
    public record Last(
            String file,
            long globalStep,
            int epochsCompleted,
            int batchInEpoch,
            EpochSums epochSoFar,
            int bestEpoch,
            double bestValidationAccuracy) {}

    /**
     * @param epoch 1-based epoch after which it was written
     * @param at    where training stood when it was written, so a run can continue from it when the last checkpoint
     *     is damaged (null in state files written before it was recorded)
     */
    public record Best(String file, int epoch, double validationAccuracy, Last at) {}

    /** Sums over the steps of one epoch (means are sums / steps). */
    public record EpochSums(
            int steps,
            long images,
            double loss,
            double taskLoss,
            double auxLoss,
            double seconds,
            List<double[]> expertLoad) {
        public EpochSums {
            expertLoad = expertLoad == null
                    ? List.of()
                    : expertLoad.stream().map(double[]::clone).toList();
        }

        public static EpochSums empty() {
            return new EpochSums(0, 0, 0, 0, 0, 0, List.of());
        }
    }
}
