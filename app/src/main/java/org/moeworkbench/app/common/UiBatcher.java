package org.moeworkbench.app.common;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands work from training threads to the UI thread in batches: however many updates arrive, at most one
 * drain is pending on the UI executor (Platform::runLater in the app, so one drain per frame pulse; a direct
 * executor in view-model tests).
 */
public final class UiBatcher {
    private final Executor ui;
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public UiBatcher(Executor ui) {
        this.ui = ui;
    }

    public void post(Runnable update) {
        pending.add(update);
        if (scheduled.compareAndSet(false, true)) {
            ui.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        Runnable next;
        while ((next = pending.poll()) != null) {
            next.run();
        }
    }
}
