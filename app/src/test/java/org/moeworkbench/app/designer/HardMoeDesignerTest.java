package org.moeworkbench.app.designer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.queue.QueueDriver;
import org.moeworkbench.app.queue.RunJob;
import org.moeworkbench.app.queue.RunQueue;
import org.moeworkbench.app.run.HardRunFiguresModel;
import org.moeworkbench.app.runs.RunsBrowserModel;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.hardmoe.TinyHardMoe;
import org.moeworkbench.engine.run.RunStatus;

/** The designer's hard-MoE form and the queue's hard-MoE jobs, with the real engine (no UI toolkit). */
class HardMoeDesignerTest {
    @TempDir
    Path tmp;

    /** A hard MoE a test runs in seconds: 300 sample images of 16x16, a one-block width-8 trunk, K = 2. */
    static HardMoeConfig tiny(String name, int trunkEpochs) {
        return TinyHardMoe.onSample(name, trunkEpochs, List.of(2));
    }

    @Test
    void choosingHardMoeFillsTheFormFromTheDemoConfig() {
        DesignerModel model = new DesignerModel();
        assertTrue(model.valid(), "the sparse default is valid");
        model.family().set(DesignerModel.HARD);
        assertEquals("4, 8, 16", model.value("clusters").get());
        assertEquals("256", model.value("pcaDims").get());
        assertTrue(model.valid(), model.describeErrors());
        assertEquals(DesignerModel.hardDemo(), model.hardConfig().get());
        assertFalse(model.config().get().moe().enabled(), "the diagram and totals describe the dense trunk");
    }

    @Test
    void switchingBackToSparseRestoresTheSparseFormAndBackToHardTheTrunk() {
        DesignerModel model = new DesignerModel();
        model.value("name").set("my-sparse");
        var sparse = model.config().get();
        model.family().set(DesignerModel.HARD);
        model.value("model.dims").set("48"); // the user edits the trunk
        model.family().set(DesignerModel.SPARSE);
        assertEquals(sparse, model.config().get(), "the sparse form as it was: name, task, blocks, MoE layers");
        assertTrue(model.config().get().moe().enabled());
        model.family().set(DesignerModel.HARD);
        assertEquals("48", model.value("model.dims").get(), "the trunk as the user left it");
    }

    @Test
    void anInvalidKIsRefusedAtTheClustersFieldWithTheEnginesReason() {
        DesignerModel model = new DesignerModel();
        model.family().set(DesignerModel.HARD);
        model.value("clusters").set("4, 0");
        assertFalse(model.valid());
        assertNull(model.hardConfig().get());
        String reason = model.errors().get("clusters");
        assertNotNull(reason, "the error is on the clusters field: " + model.errors());
        assertTrue(reason.contains("clusters[1]") && reason.contains("1 to 999"), reason);

        model.value("clusters").set("4, 4");
        assertTrue(
                model.errors().get("clusters").contains("distinct"),
                model.errors().toString());
        model.value("clusters").set("4, x");
        assertTrue(
                model.errors().get("clusters").contains("whole numbers"),
                model.errors().toString());
        model.value("clusters").set("2");
        model.value("decoder").set("both");
        assertTrue(
                model.errors().get("decoder").contains("[independent, shared]"),
                model.errors().toString());
        model.value("decoder").set("shared");
        assertTrue(model.valid(), model.describeErrors());

        model.value("clusters").set("0");
        model.family().set(DesignerModel.SPARSE);
        assertTrue(model.valid(), "hard-MoE fields do not block a sparse experiment: " + model.describeErrors());
    }

    @Test
    void theFormBuildsTheHardMoeConfigAndSavesItAsTheCliReadsIt() throws Exception {
        DesignerModel model = new DesignerModel();
        model.load(tiny("form-tiny", 1));
        assertEquals(DesignerModel.HARD, model.family().get());
        model.value("clusters").set("2, 3");
        model.value("expertInit").set("scratch");
        model.value("ensembleSize").set("2");
        model.value("model.dims").set("16");
        HardMoeConfig built = model.hardConfig().get();
        assertNotNull(built, model.describeErrors());
        assertEquals(List.of(2, 3), built.clusters());
        assertEquals("scratch", built.expertInit());
        assertEquals(2, built.ensembleSize());
        assertEquals(List.of(16), built.model().dims(), "the backbone fields describe the trunk");

        Path file = tmp.resolve("hard.json");
        model.save(file);
        assertEquals(built, ConfigJson.read(file, HardMoeConfig.class), "moe hardmoe --config reads the file");
        assertEquals(ConfigJson.toJson(built).strip(), Files.readString(file).strip(), "ConfigJson format");

        DesignerModel other = new DesignerModel();
        other.open(file);
        assertEquals(DesignerModel.HARD, other.family().get());
        assertEquals(built, other.hardConfig().get());
    }

    @Test
    void aTinyHardMoeRunsThroughTheQueueAndItsViewsLoad() throws Exception {
        try (QueueDriver driver = new QueueDriver(tmp)) {
            List<RunJob> jobs = driver.submitAll(tiny("queue-hard", 1));
            assertEquals(1, jobs.size(), "one queue entry per K");
            RunJob job = jobs.get(0);
            driver.awaitFinished(1);
            assertEquals(
                    RunJob.Status.COMPLETED, job.status().get(), job.message().get());
            assertEquals(1.0, job.progress().get());
            assertFalse(job.loss().isEmpty(), "step losses reached the job");
            assertTrue(
                    job.message().get().startsWith("completed: ")
                            && job.message().get().contains("p@1"),
                    job.message().get());
            double moeP1 = HardMoeRun.open(job.runDir().get())
                    .results()
                    .orElseThrow()
                    .get("moe")
                    .p1();
            assertTrue(
                    job.message().get().contains(String.format(java.util.Locale.ROOT, "moe p@1 %.2f%%", moeP1)),
                    "p@1 is shown as the engine's percent: " + job.message().get());
            Path dir = job.runDir().get();
            assertTrue(Files.isRegularFile(dir.resolve(HardMoeRun.RESULTS)));
            HardMoeRun run = HardMoeRun.open(dir);
            assertEquals(RunStatus.COMPLETED, run.status());
            assertEquals(2, run.k());
            assertEquals("hard MoE", RunSummary.readRow(dir).kindLabel());
            assertEquals(1, RunsBrowserModel.scan(tmp).size(), "the runs browser lists it");
            assertNotNull(HardRunFiguresModel.load(dir), "its hard-MoE views load");
        }
    }

    @Test
    void aTinyHardMoeRunsInAChildProcessLikeTheApp() throws Exception {
        try (QueueDriver driver = new QueueDriver(new RunQueue(
                new javafx.beans.property.SimpleObjectProperty<>(tmp),
                org.moeworkbench.app.process.ChildProcessLauncher.ifAvailable(),
                Runnable::run,
                1))) {
            RunJob job = driver.submit(tiny("child-hard", 1));
            driver.awaitFinished(1);
            assertEquals(
                    RunJob.Status.COMPLETED, job.status().get(), job.message().get());
            assertFalse(job.loss().isEmpty(), "step losses crossed the process boundary");
            assertTrue(job.message().get().startsWith("completed: ")
                    && job.message().get().contains("p@1"));
            assertEquals(
                    RunStatus.COMPLETED, HardMoeRun.open(job.runDir().get()).status());
        }
    }

    @Test
    void cancellingAHardMoeMarksItCancelled() throws Exception {
        try (QueueDriver driver = new QueueDriver(tmp)) {
            RunJob job = driver.submit(tiny("queue-hard-cancel", 500));
            driver.cancelAfterFirstStep(job);
            assertEquals(
                    RunStatus.CANCELLED, HardMoeRun.open(job.runDir().get()).status());
        }
    }
}
