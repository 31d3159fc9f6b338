package org.moeworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.common.BackgroundTasks;
import org.moeworkbench.app.pareto.ParetoModel;
import org.moeworkbench.app.run.RunModel;
import org.moeworkbench.app.runs.MeasuredSpeeds;
import org.moeworkbench.app.runs.RunsBrowserModel;
import org.moeworkbench.engine.analysis.RunSummary;

/**
 * The loading code of the Runs, Run and Pareto views, run with the tasks the tests inject (the calling thread), on
 * a run the CLI made: what each view-model holds after loading, and what it says when a run cannot be read.
 */
class ViewModelsOffScreenTest {
    @TempDir
    static Path runs;

    @TempDir
    Path scratch;

    @BeforeAll
    static void trainOneRunWithTheCli() throws IOException {
        TinyConfigs.trainWithTheCli(runs, TinyConfigs.tiny("offscreen-moe", 1));
    }

    @Test
    void runsBrowserRescansInTheInjectedTasksAndMeasuresSpeeds() {
        RunsBrowserModel browser =
                new RunsBrowserModel(new SimpleObjectProperty<>(runs), BackgroundTasks.currentThread());
        assertTrue(browser.runs().isEmpty());
        browser.rescan();
        assertEquals(1, browser.runs().size());
        assertTrue(browser.runs().get(0).id().endsWith("offscreen-moe"));
        assertTrue(!browser.speeds().get().equals(MeasuredSpeeds.NONE), "a run that logged an epoch gives a speed");
    }

    @Test
    void whatIfEvaluatesAnExpertSwitchedOffAndDrawsItsRouting() throws IOException {
        RunModel run = new RunModel(BackgroundTasks.currentThread());
        run.show(RunsBrowserModel.scan(runs).get(0));
        org.moeworkbench.app.run.WhatIfModel whatIf =
                new org.moeworkbench.app.run.WhatIfModel(run.figures().get(), run.tasks(), Runnable::run);
        assertEquals(List.of(2, 3), whatIf.blocks());
        assertEquals(2, whatIf.experts());

        whatIf.state(1, 0).set(org.moeworkbench.app.run.WhatIfModel.ExpertState.OFF);
        whatIf.capacity().set("two");
        whatIf.evaluate();
        assertTrue(
                whatIf.status().get().contains("capacity: \"two\" is not a number"),
                whatIf.status().get());
        assertNull(whatIf.result().get());

        whatIf.capacity().set("");
        whatIf.evaluate();
        var result = whatIf.result().get();
        assertNotNull(result, whatIf.status().get());
        assertEquals("ablate-3.0_on-analysis", result.setting().key());
        assertEquals(0.0, result.changed().layers().get(1).load()[0]);
        assertNotNull(whatIf.changedFigures().get(), "the what-if routing snapshot is loaded to draw");
        assertEquals(
                0.0, whatIf.changedFigures().get().analysis().layers().get(1).load()[0]);
        assertTrue(
                whatIf.status().get().startsWith("Expert 0 of block 3 off: accuracy "),
                whatIf.status().get());
        assertEquals(1.0, whatIf.progress().get());

        whatIf.pin(0, 1, true);
        whatIf.pin(0, 0, true);
        assertEquals(
                org.moeworkbench.app.run.WhatIfModel.ExpertState.AS_TRAINED,
                whatIf.state(0, 1).get());
        assertEquals(
                List.of(new org.moeworkbench.engine.train.WhatIf.ExpertRef(2, 0)),
                whatIf.setting().force());
        whatIf.reset();
        assertTrue(whatIf.setting().changesNothing());
    }

    @Test
    void runModelLoadsFiguresOrSaysWhyNot() throws IOException {
        RunModel model = new RunModel(BackgroundTasks.currentThread());
        RunSummary run = RunsBrowserModel.scan(runs).get(0);
        model.show(run);
        assertEquals(run, model.shown().get());
        assertNotNull(model.figures().get());
        assertNull(model.hardFigures().get());
        assertEquals("", model.failure().get());
        assertEquals(2, model.figures().get().layers());

        Path broken = Files.createDirectories(scratch.resolve("broken-copy"));
        Files.writeString(broken.resolve("config.json"), "{ not json");
        RunSummary unreadable = RunSummary.readRow(broken);
        model.show(unreadable);
        assertNull(model.figures().get(), "the earlier run's figures are not shown for this one");
        assertTrue(
                model.failure().get().startsWith("Cannot read the run: "),
                model.failure().get());
    }

    @Test
    void runModelExportsTheShownRunAndSaysWhereTheFilesWent() throws IOException {
        RunModel model = new RunModel(BackgroundTasks.currentThread());
        RunSummary run = RunsBrowserModel.scan(runs).get(0);
        model.export(RunModel.ExportFormat.CSV, scratch);
        assertEquals("Open a run first.", model.exportStatus().get());
        model.show(run);

        model.export(RunModel.ExportFormat.CSV, scratch.resolve("csv"));
        Path csvDir = scratch.resolve("csv").resolve(run.id());
        assertTrue(
                Files.isRegularFile(csvDir.resolve("load.csv")),
                model.exportStatus().get());
        assertTrue(
                model.exportStatus().get().startsWith("Wrote ")
                        && model.exportStatus().get().endsWith(" files to " + csvDir),
                model.exportStatus().get());

        model.export(RunModel.ExportFormat.TENSORBOARD, scratch.resolve("tb"));
        try (var files = Files.list(scratch.resolve("tb").resolve(run.id()))) {
            Path events = files.findFirst().orElseThrow();
            assertTrue(events.getFileName().toString().startsWith("events.out.tfevents."));
            assertTrue(
                    model.exportStatus().get().contains(events.toString())
                            && model.exportStatus().get().contains("tensorboard --logdir"),
                    model.exportStatus().get());
        }

        Files.writeString(scratch.resolve("a-file"), "not a folder");
        model.export(RunModel.ExportFormat.CSV, scratch.resolve("a-file"));
        assertTrue(
                model.exportStatus().get().startsWith("Export failed: "),
                model.exportStatus().get());
    }

    @Test
    void paretoModelReadsTheChosenRunsAndCountsThoseWithAnAccuracy() throws IOException {
        ParetoModel model = new ParetoModel(BackgroundTasks.currentThread());
        List<RunSummary> chosen = RunsBrowserModel.scan(runs);
        model.show(chosen);
        assertEquals(1, model.runs().get().size());
        assertTrue(
                model.info().get().startsWith("1 runs read, 1 with an accuracy"),
                model.info().get());
    }
}
