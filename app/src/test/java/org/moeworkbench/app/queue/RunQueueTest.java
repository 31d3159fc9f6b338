package org.moeworkbench.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.TinyConfigs;
import org.moeworkbench.app.common.UiBatcher;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;

/** The queue with the real engine on a tiny run; UI updates run directly on the worker (no toolkit). */
class RunQueueTest {
    @TempDir
    Path runs;

    @Test
    void trainsARunAndFeedsProgressCurvesAndRouting() throws Exception {
        try (QueueDriver driver = new QueueDriver(runs)) {
            RunJob job = driver.submit(TinyConfigs.tiny("queue-tiny", 2));
            driver.awaitFinished(1);
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
        try (QueueDriver driver = new QueueDriver(runs)) {
            RunJob job = driver.submit(TinyConfigs.tiny("queue-cancel", 500));
            RunJob queued = driver.submit(TinyConfigs.tiny("queue-waiting", 1));
            driver.queue().cancel(queued);
            assertEquals(RunJob.Status.CANCELLED, queued.status().get(), "a queued job is cancelled at once");
            driver.cancelAfterFirstStep(job);
            assertEquals(
                    RunStatus.CANCELLED,
                    RunDirectory.open(job.runDir().get()).provenance().status());
            try (var list = Files.list(runs)) {
                assertEquals(1, list.count(), "the cancelled queued job never made a run directory");
            }
            assertFalse(driver.queue().jobs().isEmpty());
            driver.queue().clearFinished();
            assertTrue(driver.queue().jobs().isEmpty());
        }
    }

    @Test
    void aRunThatCannotStartFailsWithTheReason() throws Exception {
        Path notAFolder = Files.writeString(runs.resolve("file"), "x");
        try (QueueDriver driver = new QueueDriver(notAFolder)) {
            RunJob job = driver.submit(TinyConfigs.tiny("nowhere", 1));
            driver.awaitFinished(1);
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
