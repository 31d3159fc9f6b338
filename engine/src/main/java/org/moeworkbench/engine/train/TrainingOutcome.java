package org.moeworkbench.engine.train;

import org.moeworkbench.engine.run.RunStatus;

/**
 * How a call to the trainer ended.
 *
 * @param status          completed, cancelled or failed
 * @param message         why it was cancelled or failed (empty when completed)
 * @param globalStep      steps done in the whole run
 * @param epochsCompleted whole epochs done
 * @param testLoss        test loss of the final weights (NaN unless completed)
 * @param testAccuracy    test top-1 accuracy of the final weights (NaN unless completed)
 */
public record TrainingOutcome(
        RunStatus status, String message, long globalStep, int epochsCompleted, double testLoss, double testAccuracy) {}
