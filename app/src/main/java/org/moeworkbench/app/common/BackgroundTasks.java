package org.moeworkbench.app.common;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Where view-models run work that must not block the UI thread (reading runs, opening datasets), and where the
 * result comes back. The app injects {@link #daemonThreads} with {@code Platform::runLater}; tests inject {@link
 * #currentThread}, so a view-model's loading code runs, and is checked, without a screen or a sleep.
 */
public interface BackgroundTasks {

    /**
     * Runs {@code work} in the background, then {@code onDone} with its result or {@code onFailed} with what it
     * threw, both where results are delivered (the UI thread in the app).
     */
    <T> void run(String name, Callable<T> work, Consumer<? super T> onDone, Consumer<? super Exception> onFailed);

    /** Each task on a daemon thread of its own (named {@code moe-NAME}); results handed to {@code deliver}. */
    static BackgroundTasks daemonThreads(Executor deliver) {
        return new BackgroundTasks() {
            @Override
            public <T> void run(
                    String name, Callable<T> work, Consumer<? super T> onDone, Consumer<? super Exception> onFailed) {
                Thread thread = new Thread(() -> complete(work, onDone, onFailed, deliver), "moe-" + name);
                thread.setDaemon(true);
                thread.start();
            }
        };
    }

    /** Runs each task at once on the calling thread and delivers its result there: for tests. */
    static BackgroundTasks currentThread() {
        return new BackgroundTasks() {
            @Override
            public <T> void run(
                    String name, Callable<T> work, Consumer<? super T> onDone, Consumer<? super Exception> onFailed) {
                complete(work, onDone, onFailed, Runnable::run);
            }
        };
    }

    private static <T> void complete(
            Callable<T> work, Consumer<? super T> onDone, Consumer<? super Exception> onFailed, Executor deliver) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            deliver.execute(() -> onFailed.accept(e));
            return;
        }
        deliver.execute(() -> onDone.accept(result));
    }
}
