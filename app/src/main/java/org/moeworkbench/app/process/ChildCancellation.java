package org.moeworkbench.app.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.moeworkbench.engine.train.CancellationToken;

/**
 * How the app's child processes are cancelled: the line {@code cancel} on standard input, or SIGTERM (from the app,
 * a re-attached window or the user), after which the work stops after its current step and the process waits for
 * that (up to 10 minutes) before it exits. When standard input closes (the app went away) the work goes on.
 */
final class ChildCancellation {
    private final CancellationToken cancel = new CancellationToken();
    private final CountDownLatch done = new CountDownLatch(1);

    private ChildCancellation() {}

    /** Listens on standard input and for SIGTERM from now on. */
    static ChildCancellation listen() {
        ChildCancellation child = new ChildCancellation();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (child.done.getCount() > 0) {
                child.cancel.cancel(); // stop after the step; resumable
                try {
                    child.done.await(10, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        Thread commands = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.strip().equals("cancel")) {
                        child.cancel.cancel();
                    }
                }
            } catch (java.io.IOException e) {
                // the app is gone: keep working
            }
        });
        commands.setDaemon(true);
        commands.start();
        return child;
    }

    CancellationToken token() {
        return cancel;
    }

    /** The work has ended: a shutdown that comes now need not wait. */
    void done() {
        done.countDown();
    }
}
