package org.moeworkbench.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javafx.collections.ListChangeListener;
import org.moeworkbench.app.common.CurvePoint;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.launch.Runners;

/**
 * A run queue for tests: trainings on the real engine, UI updates on the worker (no toolkit), and waits for jobs to
 * end or log a step.
 */
public final class QueueDriver implements AutoCloseable {
    private final RunQueue queue;
    private final Semaphore finished = new Semaphore(0);

    /** Trains in this process into {@code runs}. */
    public QueueDriver(Path runs) {
        this(new RunQueue(runs, Runners::standard, Runnable::run));
    }

    public QueueDriver(RunQueue queue) {
        this.queue = queue;
        queue.setOnFinished(job -> finished.release());
    }

    public RunQueue queue() {
        return queue;
    }

    /** The first (for a hard MoE of one K: the only) job of {@code spec}. */
    public RunJob submit(RunSpec spec) {
        return queue.submit(spec).get(0);
    }

    public List<RunJob> submitAll(RunSpec spec) {
        return queue.submit(spec);
    }

    /** Waits (up to 5 minutes) until {@code jobs} more jobs have ended. */
    public void awaitFinished(int jobs) throws InterruptedException {
        assertTrue(finished.tryAcquire(jobs, 5, TimeUnit.MINUTES), jobs + " job(s) end within 5 minutes");
    }

    /** Waits (up to 5 minutes) until {@code job} has logged a step loss. */
    public static void awaitFirstStep(RunJob job) throws InterruptedException {
        CountDownLatch stepped = new CountDownLatch(1);
        job.loss().addListener((ListChangeListener<CurvePoint>) c -> stepped.countDown());
        if (job.loss().isEmpty()) { // else it logged one before the listener was there
            assertTrue(stepped.await(5, TimeUnit.MINUTES), "a step is logged");
        }
    }

    /** Cancels a running job once it logged a step and checks that it ends cancelled part-way. */
    public void cancelAfterFirstStep(RunJob job) throws InterruptedException {
        awaitFirstStep(job);
        queue.cancel(job);
        awaitFinished(1);
        assertEquals(RunJob.Status.CANCELLED, job.status().get(), job.message().get());
        assertTrue(job.progress().get() < 1);
    }

    @Override
    public void close() {
        queue.close();
    }
}
