package org.moeworkbench.app.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner.Ending;
import org.moeworkbench.engine.train.TrainingListener;

/** How the queue runs one training of any kind: in this process (tests) or in a child process (the app). */
public interface TrainingLauncher {

    /**
     * Trains {@code spec} (one run: a hard MoE of one K) into a new run directory under {@code runsFolder}, reporting to
     * {@code listener} on the calling thread; {@code runDirectory} is told the directory as soon as it exists.
     */
    Ending train(
            RunSpec spec,
            Path runsFolder,
            Consumer<Path> runDirectory,
            TrainingListener listener,
            CancellationToken cancel)
            throws IOException;

    /** True when the training goes on after the app closes (the queue then does not cancel it on close). */
    default boolean outlivesTheApp() {
        return false;
    }

    /** Trains on the calling thread with the engine's runners. */
    static TrainingLauncher inProcess(Supplier<Runners> runners) {
        return (spec, runsFolder, runDirectory, listener, cancel) ->
                runners.get().start(spec, runsFolder, runDirectory, listener, cancel);
    }
}
