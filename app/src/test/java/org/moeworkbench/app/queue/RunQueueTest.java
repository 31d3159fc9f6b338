package org.moeworkbench.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.TinyConfigs;
import org.moeworkbench.app.common.CurvePoint;
import org.moeworkbench.app.common.UiBatcher;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;

/** The queue with the real engine on a tiny run; UI updates run directly on the worker (no toolkit). */
class RunQueueTest {
    @TempDir
    Path runs;

    @Test
    void trainsARunAndFeedsProgressCurvesAndRouting() throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        try (RunQueue queue = new RunQueue(runs, Runners::standard, Runnable::run)) {
            queue.setOnFinished(job -> finished.countDown());
            RunJob job = queue.submit(TinyConfigs.tiny("queue-tiny", 2)).get(0);
            assertTrue(finished.await(5, TimeUnit.MINUTES), "the tiny run ends");
            assertEquals(
                    RunJob.Status.COMPLETED, job.status().get(), job.message().get());
            assertEquals(1.0, job.progress().get());
            int steps = (int) job.loss().get(job.loss().size() - 1).x();
            assertEquals(steps, job.loss().size(), "one loss point per step");
            assertEquals(2, job.validationAccuracy().size());
            assertEquals(2, job.expertLoad().get().size(), "load of both MoE layers (last2)");
            assertTrue(job.routingSnapshots().get() >= 2, "epoch 1 and final snapshots");
            RunDirectory dir = RunDirectory.open(job.runDir().get());
            assertEquals(RunStatus.COMPLETED, dir.provenance().status());
            assertTrue(job.message().get().startsWith("completed: test accuracy"));
        }
    }

    @Test
    void cancellingARunningJobMarksItCancelledAndKeepsItsDirectory() throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        try (RunQueue queue = new RunQueue(runs, Runners::standard, Runnable::run)) {
            queue.setOnFinished(job -> finished.countDown());
            RunJob job = queue.submit(TinyConfigs.tiny("queue-cancel", 500)).get(0);
            RunJob queued = queue.submit(TinyConfigs.tiny("queue-waiting", 1)).get(0);
            CountDownLatch stepped = new CountDownLatch(1);
            job.loss().addListener((ListChangeListener<CurvePoint>) c -> stepped.countDown());
            assertTrue(stepped.await(5, TimeUnit.MINUTES));
            queue.cancel(queued);
            assertEquals(RunJob.Status.CANCELLED, queued.status().get(), "a queued job is cancelled at once");
            queue.cancel(job);
            assertTrue(finished.await(5, TimeUnit.MINUTES));
            assertEquals(
                    RunJob.Status.CANCELLED, job.status().get(), job.message().get());
            assertTrue(job.progress().get() < 1);
            assertEquals(
                    RunStatus.CANCELLED,
                    RunDirectory.open(job.runDir().get()).provenance().status());
            try (var list = Files.list(runs)) {
                assertEquals(1, list.count(), "the cancelled queued job never made a run directory");
            }
            assertFalse(queue.jobs().isEmpty());
            queue.clearFinished();
            assertTrue(queue.jobs().isEmpty());
        }
    }

    @Test
    void aRunThatCannotStartFailsWithTheReason() throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Path notAFolder = Files.writeString(runs.resolve("file"), "x");
        try (RunQueue queue = new RunQueue(notAFolder, Runners::standard, Runnable::run)) {
            queue.setOnFinished(job -> finished.countDown());
            RunJob job = queue.submit(TinyConfigs.tiny("nowhere", 1)).get(0);
            assertTrue(finished.await(1, TimeUnit.MINUTES));
            assertEquals(RunJob.Status.FAILED, job.status().get());
            assertTrue(
                    job.message().get().startsWith("could not start"),
                    job.message().get());
        }
    }

    @Test
    void batcherRunsEveryUpdateInOrderWithOneDrainPending() {
        java.util.List<Runnable> scheduled = new java.util.ArrayList<>();
        UiBatcher batcher = new UiBatcher(scheduled::add);
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            batcher.post(() -> seen.add(n));
        }
        assertEquals(1, scheduled.size(), "100 updates, one drain scheduled");
        scheduled.get(0).run();
        assertEquals(100, seen.size());
        assertEquals(99, seen.get(99));
        batcher.post(() -> seen.add(100));
        assertEquals(2, scheduled.size(), "a new drain after the last one ran");
    }
}
