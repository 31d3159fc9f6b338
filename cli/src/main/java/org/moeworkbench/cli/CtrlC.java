package org.moeworkbench.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.moeworkbench.engine.train.CancellationToken;

/**
 * Ctrl-C for long commands: the JVM's shutdown hook cancels the token and waits (up to 10 minutes) until the
 * work has stopped after its current step and written a resumable run, instead of dying mid-write.
 * Close it when the work is done.
 */
final class CtrlC implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;
    /**
     * False until the work has something to save (a training's first step): Ctrl-C before that, while the data is
     * read or a large model is built, exits at once instead of waiting for the build to end.
     */
    private volatile boolean somethingToSave = true;

    private volatile Runnable beforeExit = () -> {};

    CtrlC(CancellationToken cancel, PrintStream err, String message, String command) {
        hook = new Thread(
                () -> {
                    if (done.getCount() > 0 && !somethingToSave) {
                        cancel.cancel();
                        err.println();
                        err.println("stopped before training started; nothing was trained");
                        beforeExit.run();
                    } else if (done.getCount() > 0) {
                        cancel.cancel();
                        err.println();
                        err.println(message);
                        try {
                            done.await(10, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                },
                "moe-" + command + "-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Ctrl-C exits at once until {@link #workStarted} is called, after running {@code cleanup} (which must be quick
     * and safe while the work still runs).
     */
    CtrlC exitAtOnceUntilWorkStarts(Runnable cleanup) {
        somethingToSave = false;
        beforeExit = cleanup;
        return this;
    }

    /** From now on Ctrl-C waits for the work to stop after its current step. */
    void workStarted() {
        somethingToSave = true;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that done is counted down
        }
    }
}
