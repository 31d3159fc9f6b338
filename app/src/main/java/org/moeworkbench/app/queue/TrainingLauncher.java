package org.moeworkbench.app.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.hardmoe.HardMoeRunner;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.run.RunStore;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.Trainer;
import org.moeworkbench.engine.train.TrainingListener;
import org.moeworkbench.engine.train.TrainingOutcome;

/** How the queue runs one sparse / dense training: in this process (tests) or in a child process (the app). */
public interface TrainingLauncher {

    /** How a training ended. */
    record Outcome(RunStatus status, String message, double testAccuracy) {}

    /**
     * Trains {@code config} into a new run directory under {@code runsFolder}, reporting to {@code listener} on
     * the calling thread; {@code runDirectory} is told the directory as soon as it exists.
     */
    Outcome train(
            ExperimentConfig config,
            Path runsFolder,
            Consumer<Path> runDirectory,
            TrainingListener listener,
            CancellationToken cancel)
            throws IOException;

    /**
     * Runs one K of a hard MoE ({@code config.clusters()} holds that K) into a new run directory; a completed outcome's
     * message is {@code "completed: "} and its p@1 summary.
     */
    Outcome trainHard(
            HardMoeConfig config,
            Path runsFolder,
            Consumer<Path> runDirectory,
            TrainingListener listener,
            CancellationToken cancel)
            throws IOException;

    /** True when the training goes on after the app closes (the queue then does not cancel it on close). */
    default boolean outlivesTheApp() {
        return false;
    }

    /** Trains on the calling thread with the engine's trainer. */
    static TrainingLauncher inProcess(Supplier<Trainer> trainers) {
        return new TrainingLauncher() {
            @Override
            public Outcome train(
                    ExperimentConfig config,
                    Path runsFolder,
                    Consumer<Path> runDirectory,
                    TrainingListener listener,
                    CancellationToken cancel)
                    throws IOException {
                RunDirectory dir = new RunStore(runsFolder).create(config, Instant.now());
                runDirectory.accept(dir.root());
                TrainingOutcome outcome = trainers.get().train(config, dir, listener, cancel);
                return new Outcome(outcome.status(), outcome.message(), outcome.testAccuracy());
            }

            @Override
            public Outcome trainHard(
                    HardMoeConfig config,
                    Path runsFolder,
                    Consumer<Path> runDirectory,
                    TrainingListener listener,
                    CancellationToken cancel)
                    throws IOException {
                return runHardMoe(config, runsFolder, runDirectory, listener, cancel);
            }
        };
    }

    /** One K of a hard MoE in the calling thread (what both launchers end up running). */
    static Outcome runHardMoe(
            HardMoeConfig config,
            Path runsFolder,
            Consumer<Path> runDirectory,
            TrainingListener listener,
            CancellationToken cancel)
            throws IOException {
        Path dir = HardMoeRunner.create(runsFolder, config, config.k(), Instant.now());
        runDirectory.accept(dir);
        HardMoeRunner.Outcome outcome = new HardMoeRunner().run(dir, listener, cancel);
        String message = outcome.status() == RunStatus.COMPLETED
                ? "completed: " + RunQueue.hardSummary(outcome.results())
                : outcome.message();
        return new Outcome(outcome.status(), message, Double.NaN);
    }
}
