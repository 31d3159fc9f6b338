package org.moeworkbench.engine.hardmoe;

/**
 * Progress of a hard-MoE run. Experts train on several threads at once, so implementations must be
 * thread-safe. {@code model} is {@code trunk}, {@code ensemble-01}, ..., {@code expert-03}, ...
 */
public interface HardMoeListener {
    HardMoeListener NONE = new HardMoeListener() {};

    /** A stage begins: trunk, ensemble, gater, experts, evaluation. */
    default void stage(String stage, String detail) {}

    /** One optimisation step of a model. */
    default void step(String model, int epoch, int batch, int batches, double loss) {}

    /** A model finished an epoch (validationLoss null without validation images). */
    default void epoch(String model, int epoch, int maxEpochs, double trainLoss, Double validationLoss, boolean best) {}

    /** An expert ended (trained or skipped); {@code done} of {@code total} experts are finished. */
    default void expertFinished(HardMoeRun.ExpertState state, int done, int total) {}

    /** Anything worth a line (a copied trunk, an empty cluster). */
    default void message(String text) {}
}
