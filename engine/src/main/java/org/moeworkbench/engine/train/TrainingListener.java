package org.moeworkbench.engine.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run reports while it works, for every kind of run: a dense or sparse training ({@link Trainer}) and a
 * hard MoE (trunk, gater, experts; its experts train on several threads at once, so a listener given to a hard
 * MoE must be thread-safe). The CLI prints the events; the app hands them to the JavaFX thread. Every method has
 * an empty default, so a listener implements what it needs.
 */
public interface TrainingListener {

    TrainingListener NONE = new TrainingListener() {};

    /** The stages of a run, in order. A dense or sparse run: data, epochs, evaluation; a hard MoE all but epochs. */
    enum Stage {
        DATA,
        TRUNK,
        ENSEMBLE,
        CLUSTERING,
        EXPERTS,
        EPOCHS,
        EVALUATION;

        /** The stage's name in lower case, as the console and the app's event lines write it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A stage begins; {@code detail} says what it does ("PCA + K-means on the trunk's penultimate features"). */
    default void stage(Stage stage, String detail) {}

    /**
     * One optimisation step of one model of a run that trains several ({@code model} is {@code trunk}, {@code
     * ensemble-01}, {@code expert-03}, ...); a single-model run reports {@link #step} instead.
     */
    default void modelStep(String model, int epoch, int batch, int batches, double loss) {}

    /** A model of a several-model run finished an epoch (validationLoss null without validation images). */
    default void modelEpoch(
            String model, int epoch, int maxEpochs, double trainLoss, Double validationLoss, boolean best) {}

    /** A hard MoE's expert ended (trained or skipped); {@code done} of {@code total} experts are finished. */
    default void expertFinished(ExpertEvent event) {}

    /** Anything worth a line that is not a warning (a copied trunk, cluster sizes). */
    default void info(String text) {}

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

    /**
     * A MoE health alarm (a layer collapsed onto one expert, an expert died); also in metrics.jsonl. By default told
     * as a {@link #warning}.
     */
    default void alarm(org.moeworkbench.engine.moe.CollapseWatch.Alarm alarm) {
        warning(alarm.message());
    }

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
            List<double[]> expertLoad,
            List<org.moeworkbench.engine.moe.RoutingHealth> health) {
        public StepEvent {
            health = health == null ? List.of() : List.copyOf(health);
        }
    }

    record EpochEvent(
            int epoch,
            double trainLoss,
            double trainAuxLoss,
            double validationLoss,
            double validationAccuracy,
            double imagesPerSecond,
            boolean best) {}

    record TestEvent(double testLoss, double testAccuracy, int bestEpoch, double bestValidationAccuracy) {}

    /**
     * @param expert      the expert's name ({@code expert-03})
     * @param status      trained, skipped-empty, ...
     * @param trainImages images of its cluster it trained on
     * @param epochs      epochs it trained
     * @param seconds     wall time
     * @param message     why it was skipped (empty otherwise)
     * @param done        experts finished so far
     * @param total       experts in the run
     */
    record ExpertEvent(
            String expert,
            String status,
            int trainImages,
            int epochs,
            double seconds,
            String message,
            int done,
            int total) {}
}
