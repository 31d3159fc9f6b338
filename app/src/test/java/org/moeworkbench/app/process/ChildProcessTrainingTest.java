package org.moeworkbench.app.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.TinyConfigs;
import org.moeworkbench.app.common.CurvePoint;
import org.moeworkbench.app.queue.RunJob;
import org.moeworkbench.app.queue.RunQueue;
import org.moeworkbench.app.queue.TrainingLauncher;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunLock;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner.Ending;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * Trainings in a child process: events reach the queue's listener, cancel reaches the child, and a training this
 * JVM did not start (another window, a terminal) is found, followed and cancelled through its run directory.
 */
class ChildProcessTrainingTest {
    @TempDir
    Path runs;

    @Test
    void aChildTrainsAndReportsEveryEvent() throws Exception {
        ChildProcessLauncher launcher = ChildProcessLauncher.ifAvailable();
        assertNotNull(launcher, "the test JVM has bin/java");
        AtomicInteger steps = new AtomicInteger();
        AtomicReference<TrainingListener.TestEvent> test = new AtomicReference<>();
        AtomicReference<Path> dir = new AtomicReference<>();
        Ending outcome = launcher.train(
                TinyConfigs.tiny("child", 1),
                runs,
                dir::set,
                new TrainingListener() {
                    @Override
                    public void step(StepEvent event) {
                        steps.incrementAndGet();
                    }

                    @Override
                    public void finished(TestEvent event) {
                        test.set(event);
                    }
                },
                new CancellationToken());
        assertEquals(RunStatus.COMPLETED, outcome.status(), outcome.message());
        assertTrue(steps.get() > 0, "step events crossed the process boundary");
        assertEquals(test.get().testAccuracy(), outcome.accuracy());
        assertEquals(
                RunStatus.COMPLETED, RunDirectory.open(dir.get()).provenance().status());
        assertEquals(RunDirectory.open(dir.get()).root().getParent(), runs.toAbsolutePath());
    }

    @Test
    void cancelReachesTheChild() throws Exception {
        CancellationToken cancel = new CancellationToken();
        Ending outcome = ChildProcessLauncher.ifAvailable()
                .train(
                        TinyConfigs.tiny("child-cancel", 500),
                        runs,
                        dir -> {},
                        new TrainingListener() {
                            @Override
                            public void step(StepEvent event) {
                                cancel.cancel();
                            }
                        },
                        cancel);
        assertEquals(RunStatus.CANCELLED, outcome.status(), outcome.message());
    }

    @Test
    void aRunningTrainingOfAnotherProcessIsAttachedFollowedAndCancelled() throws Exception {
        Path config = runs.resolveSibling(runs.getFileName() + "-config.json");
        ConfigJson.write(config, TinyConfigs.tiny("elsewhere", 500));
        Process other = new ProcessBuilder(ChildProcessLauncher.ifAvailable().command(config, runs))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start(); // as if an earlier window of the app had started it, then crashed
        try (RunQueue queue = new RunQueue(
                new SimpleObjectProperty<>(runs), TrainingLauncher.inProcess(Runners::standard), Runnable::run, 1)) {
            List<RunJob> attached = List.of();
            for (int i = 0; i < 600 && attached.isEmpty(); i++) { // until the child holds its run's lock
                Thread.sleep(100);
                attached = queue.attachRunning();
            }
            assertEquals(1, attached.size(), "the other process's run is attached");
            RunJob job = attached.get(0);
            assertEquals(RunJob.Status.RUNNING, job.status().get());
            assertTrue(job.attachedHolder().startsWith("pid " + other.pid()), job.attachedHolder());
            assertTrue(RunLock.holder(job.runDir().get()).isPresent());
            CountDownLatch stepped = new CountDownLatch(1);
            job.loss().addListener((ListChangeListener<CurvePoint>) c -> stepped.countDown());
            assertTrue(stepped.await(5, TimeUnit.MINUTES), "its steps are followed from metrics.jsonl");
            for (int i = 0; i < 1200 && job.routingSnapshots().get() == 0; i++) {
                Thread.sleep(100);
            }
            assertTrue(job.routingSnapshots().get() >= 1, "its routing snapshots reach the live routing views");
            assertTrue(
                    job.lastRoutingHeader().get().getFileName().toString().matches("epoch-[0-9]{4}\\.json"),
                    String.valueOf(job.lastRoutingHeader().get()));
            CountDownLatch finished = new CountDownLatch(1);
            queue.setOnFinished(j -> finished.countDown());
            queue.cancel(job);
            assertTrue(finished.await(5, TimeUnit.MINUTES), "the other process stops");
            assertEquals(
                    RunJob.Status.CANCELLED, job.status().get(), job.message().get());
            assertTrue(other.waitFor(1, TimeUnit.MINUTES));
            assertEquals(
                    RunStatus.CANCELLED,
                    RunDirectory.open(job.runDir().get()).provenance().status());
        } finally {
            other.destroyForcibly();
            Files.deleteIfExists(config);
        }
    }
}
