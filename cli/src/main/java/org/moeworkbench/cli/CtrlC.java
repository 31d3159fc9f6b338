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

    CtrlC(CancellationToken cancel, PrintStream err, String message, String command) {
        hook = new Thread(
                () -> {
                    if (done.getCount() > 0) {
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
