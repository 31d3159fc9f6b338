package org.moeworkbench.engine.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What the trainer reports while it works, on the training thread (the CLI prints it; the app hands it
 * to the JavaFX thread). Every method has an empty default, so a listener implements what it needs.
 */
public interface TrainingListener {

    /** Before the first step (also after a resume). */
    default void runStarted(RunStarted event) {}

    /** After every training step. */
    default void step(StepEvent event) {}

    /** After the validation pass and checkpoint of an epoch. */
    default void epochEnd(EpochEvent event) {}

    /** A routing snapshot file pair was written (epoch -1 for the final one). */
    default void routingWritten(int epoch, Path header) {}

    /** The run completed: test metrics are in. */
    default void finished(TestEvent event) {}

    /** The run stopped on request after {@code globalStep} steps and can be resumed. */
    default void cancelled(long globalStep) {}

    /** Something the user should know that does not stop the run (a damaged checkpoint that was skipped). */
    default void warning(String message) {}

    /** The run stopped on an error (NaN loss, an exception); the message says what and where. */
    default void failed(String message) {}

    /**
     * @param runId         the run directory name
     * @param epochs        epochs in the whole run
     * @param stepsPerEpoch steps in one epoch
     * @param firstStep     global step the run starts (or resumes) at
     */
    record RunStarted(String runId, int epochs, int stepsPerEpoch, long firstStep, long params, long paramsActive) {
        public long totalSteps() {
            return (long) epochs * stepsPerEpoch;
        }
    }

    record StepEvent(
            int epoch,
            long globalStep,
            double loss,
            double auxLoss,
            double learningRate,
            double imagesPerSecond,
            List<double[]> expertLoad) {}

    record EpochEvent(
            int epoch,
            double trainLoss,
            double trainAuxLoss,
            double validationLoss,
            double validationAccuracy,
            double imagesPerSecond,
            boolean best) {}

    record TestEvent(double testLoss, double testAccuracy, int bestEpoch, double bestValidationAccuracy) {}
}
