package org.moeworkbench.engine.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.hardmoe.HardMoeRunner;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStore;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner;
import org.moeworkbench.engine.train.RunRunner.Ending;
import org.moeworkbench.engine.train.Trainer;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * Starts and continues runs of every kind: the one way the CLI, the app's queue and its training process train. The
 * run's kind picks the runner; nothing else about a run depends on it here.
 *
 * @param experiments trains dense and sparse-MoE runs ({@link Trainer#standard()}; tests pass a fake network)
 * @param hardMoe     trains hard-MoE runs
 */
public record Runners(RunRunner experiments, RunRunner hardMoe) {

    /** The engine's own runners. */
    public static Runners standard() {
        return new Runners(Trainer.standard(), new HardMoeRunner());
    }

    /** The runner of {@code kind}. */
    public RunRunner of(RunKind kind) {
        return kind == RunKind.HARD_MOE ? hardMoe : experiments;
    }

    /**
     * Creates a run directory for {@code spec} (one run: a hard MoE of one K, see {@link RunSpec#perRun}) under {@code
     * runsFolder}, tells {@code runDirectory} where it is, and trains it on the calling thread.
     */
    public Ending start(
            RunSpec spec,
            Path runsFolder,
            Consumer<Path> runDirectory,
            TrainingListener listener,
            CancellationToken cancel)
            throws IOException {
        RunDirectory run = new RunStore(runsFolder).create(spec, Instant.now());
        runDirectory.accept(run.root());
        return of(spec.kind()).train(run.root(), listener, cancel);
    }

    /** Continues the run in {@code runDir}, of any kind, from what it has written. */
    public Ending resume(Path runDir, TrainingListener listener, CancellationToken cancel) throws IOException {
        return of(RunDirectory.open(runDir).kind()).train(runDir, listener, cancel);
    }
}
