package org.moeworkbench.app.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.TinyConfigs;
import org.moeworkbench.app.runs.RunsBrowserModel;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.study.StudyFile;

/** Studies in the queue: one row per task, each followed through the study folder, cancel and refusal included. */
class StudyQueueTest {
    @TempDir
    Path runs;

    @Test
    void aStudyOnThisMachineShowsEveryTaskFromItsFolderAndItsRunsAreListed() throws Exception {
        try (QueueDriver driver = new QueueDriver(runs)) {
            StudyRequest request = new StudyRequest(
                    TinyConfigs.tiny("tiny", 1), List.of("moe.experts=2,4"), "", runs.resolve("tiny-study"), null);
            List<RunJob> rows = driver.queue().submitStudy(request, StudyLauncher.inProcess(Runners::standard));
            assertEquals(
                    List.of("tiny-study: moe.experts=2", "tiny-study: moe.experts=4"),
                    rows.stream().map(r -> r.name().get()).toList());
            driver.awaitFinished(2);
            for (RunJob row : rows) {
                assertEquals(
                        RunJob.Status.COMPLETED,
                        row.status().get(),
                        row.message().get());
                assertEquals(1.0, row.progress().get());
                assertTrue(
                        row.message().get().startsWith("completed: test accuracy"),
                        row.message().get());
                assertEquals(runs.resolve("tiny-study"), row.runDir().get().getParent());
                assertFalse(row.loss().isEmpty(), "the step losses of metrics.jsonl reach the row's chart");
                assertEquals("this machine", row.where().get());
                assertTrue(row.routingSnapshots().get() >= 1, "the live routing views hear of its snapshots");
                assertEquals(
                        row.runDir().get().resolve("routing/final.json"),
                        row.lastRoutingHeader().get());
            }
            assertTrue(StudyFile.exists(runs.resolve("tiny-study")));
            assertEquals(2, RunsBrowserModel.scan(runs).size(), "the Runs tab lists a study's runs");
        }
    }

    @Test
    void onSparkWithoutTheSparkBuildEveryTaskFailsNamingWhatToRun() throws Exception {
        try (QueueDriver driver = new QueueDriver(runs)) {
            StudyRequest request = new StudyRequest(
                    TinyConfigs.tiny("tiny", 1), List.of(), "2", runs.resolve("spark-study"), "local[2]");
            List<RunJob> rows = driver.queue().submitStudy(request, StudyLauncher.inProcess(Runners::standard));
            driver.awaitFinished(2);
            for (RunJob row : rows) {
                assertEquals(RunJob.Status.FAILED, row.status().get());
                assertTrue(
                        row.message().get().contains("moe-spark.jar"),
                        row.message().get());
                assertEquals("Spark local[2]", row.where().get());
            }
        }
    }

    @Test
    void cancellingOneTaskCancelsTheWholeStudy() throws Exception {
        try (QueueDriver driver = new QueueDriver(runs)) {
            StudyRequest request =
                    new StudyRequest(TinyConfigs.tiny("long", 200), List.of(), "2", runs.resolve("long-study"), null);
            List<RunJob> rows = driver.queue().submitStudy(request, StudyLauncher.inProcess(Runners::standard));
            QueueDriver.awaitFirstStep(rows.get(0));
            driver.queue().cancel(rows.get(1)); // the waiting one: the study is one process, it stops as a whole
            driver.awaitFinished(2);
            for (RunJob row : rows) {
                assertEquals(
                        RunJob.Status.CANCELLED,
                        row.status().get(),
                        row.message().get());
            }
            assertTrue(rows.get(0).progress().get() < 1);
            assertTrue(
                    rows.get(1).message().get().contains("start it again to continue"),
                    rows.get(1).message().get());
        }
    }
}
