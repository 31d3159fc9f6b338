package org.moeworkbench.engine.train;

import java.io.IOException;
import java.nio.file.Path;
import org.moeworkbench.engine.run.RunStatus;

/**
 * What trains a run, whatever its kind: {@link Trainer} (dense and sparse MoE) and the hard-MoE runner implement it,
 * so a caller that holds a run directory (the CLI, the app's training process, a sweep) starts or continues any run
 * the same way. A directory that already holds progress (checkpoints, trained experts) is continued from it.
 */
public interface RunRunner {

    /**
     * How a run ended.
     *
     * @param status   completed, cancelled or failed
     * @param message  why it was cancelled or failed (empty when completed)
     * @param accuracy the run's headline accuracy, 0..1: test top-1 of a dense or sparse run, the mixture's p@1 of
     *                 a hard MoE; NaN unless completed
     */
    record Ending(RunStatus status, String message, double accuracy) {}

    /**
     * Trains (or continues) the run in {@code runDir} to its end, reporting to {@code listener}. Errors after the
     * run started mark it failed and are returned, not thrown; files already written stay.
     *
     * @throws IOException if {@code runDir} holds no run this runner can open
     */
    Ending train(Path runDir, TrainingListener listener, CancellationToken cancel) throws IOException;
}
