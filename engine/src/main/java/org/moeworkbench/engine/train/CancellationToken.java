package org.moeworkbench.engine.train;

/** Set from any thread (Ctrl-C, a Cancel button); the trainer checks it between steps. */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
