package org.moeworkbench.engine.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.analysis.StudyTable;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.BlobData;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.FakeNetwork;
import org.moeworkbench.engine.train.Trainer;
import org.moeworkbench.engine.train.TrainingListener;

/** The sweep's bookkeeping on a fast fake network: skip, resume, rerun deleted, refuse another study. */
class SweepTest {
    @TempDir
    Path tmp;

    private final BlobData data = new BlobData(64, 16, 20);
    private final AtomicInteger networksBuilt = new AtomicInteger();
    private final Trainer trainer = new Trainer(
            (config, d) -> {
                networksBuilt.incrementAndGet();
                return new FakeNetwork(BlobData.INPUTS, BlobData.CLASSES, config.seed());
            },
            config -> data);

    private static ExperimentConfig base() {
        TrainingConfig training = new TrainingConfig(Optimizer.SGD, 0.05, 0.0, 0.9, 2, 16, 0.0, 0.0, 0.0, 2, false, 8);
        return ExperimentConfig.defaultSample().withName("fake").withTraining(training);
    }

    private static SweepPlan plan(ExperimentConfig base) {
        return SweepPlan.of(
                base, List.of(SweepAxis.parse("moe.placement=last2,stage"), SweepAxis.parse("moe.experts=2,4")));
    }

    /** Records what the sweep did with each setting. */
    private static class Recorder implements SweepListener {
        final List<Action> actions = new ArrayList<>();
        final List<String> settings = new ArrayList<>();

        @Override
        public void setting(int index, int total, String setting, Action action, RunDirectory run) {
            actions.add(action);
            settings.add(setting);
        }
    }

    private Recorder sweep(SweepPlan plan, CancellationToken cancel) throws IOException {
        Recorder recorder = new Recorder();
        new Sweep(tmp, kind -> trainer).run(plan, recorder, cancel, false);
        return recorder;
    }

    @Test
    void runsEverySettingThenSkipsThemAndRerunsOnlyADeletedOne() throws IOException {
        Recorder first = sweep(plan(base()), new CancellationToken());
        assertEquals(
                List.of(
                        SweepListener.Action.NEW,
                        SweepListener.Action.NEW,
                        SweepListener.Action.NEW,
                        SweepListener.Action.NEW),
                first.actions);
        assertEquals(
                List.of(
                        "moe.placement=last2, moe.experts=2",
                        "moe.placement=last2, moe.experts=4",
                        "moe.placement=stage, moe.experts=2",
                        "moe.placement=stage, moe.experts=4"),
                first.settings);
        StudyFile study = StudyFile.read(tmp);
        assertEquals(base(), study.base());
        for (int i = 0; i < 4; i++) {
            RunDirectory run =
                    RunDirectory.open(tmp.resolve(study.settings().get(i).lastRunId()));
            assertEquals(RunStatus.COMPLETED, run.provenance().status());
            assertEquals(plan(base()).settings().get(i).config(), run.config());
        }
        assertEquals(4, networksBuilt.get());

        Recorder again = sweep(plan(base()), new CancellationToken());
        assertTrue(
                again.actions.stream().allMatch(a -> a == SweepListener.Action.SKIP_COMPLETED),
                again.actions.toString());
        assertEquals(4, networksBuilt.get(), "nothing trained again");

        String deleted = study.settings().get(2).lastRunId();
        deleteTree(tmp.resolve(deleted));
        Recorder third = sweep(plan(base()), new CancellationToken());
        assertEquals(
                List.of(
                        SweepListener.Action.SKIP_COMPLETED,
                        SweepListener.Action.SKIP_COMPLETED,
                        SweepListener.Action.NEW,
                        SweepListener.Action.SKIP_COMPLETED),
                third.actions);
        assertEquals(5, networksBuilt.get());
        List<String> ids = StudyFile.read(tmp).settings().get(2).runIds();
        assertEquals(1, ids.size(), "the deleted id is dropped: " + ids);
        assertTrue(Files.isDirectory(tmp.resolve(ids.get(0))));
    }

    @Test
    void aCancelledSweepResumesTheCancelledRunFromItsCheckpoint() throws IOException {
        CancellationToken cancel = new CancellationToken();
        Recorder recorder = new Recorder() {
            @Override
            public TrainingListener training(RunDirectory run) {
                return new TrainingListener() {
                    @Override
                    public void step(StepEvent event) {
                        if (settings.size() == 2 && event.globalStep() == 3) {
                            cancel.cancel();
                        }
                    }
                };
            }
        };
        Sweep.Result result = new Sweep(tmp, kind -> trainer).run(plan(base()), recorder, cancel, false);
        assertTrue(result.cancelled());
        assertEquals(1, result.completed());
        StudyFile study = StudyFile.read(tmp);
        RunDirectory cancelled =
                RunDirectory.open(tmp.resolve(study.settings().get(1).lastRunId()));
        assertEquals(RunStatus.CANCELLED, cancelled.provenance().status());
        assertNull(study.settings().get(2).lastRunId(), "the sweep stopped before setting 3");

        Recorder resumed = sweep(plan(base()), new CancellationToken());
        assertEquals(
                List.of(
                        SweepListener.Action.SKIP_COMPLETED,
                        SweepListener.Action.RESUME,
                        SweepListener.Action.NEW,
                        SweepListener.Action.NEW),
                resumed.actions);
        assertEquals(RunStatus.COMPLETED, cancelled.provenance().status());
        assertEquals(1, cancelled.provenance().resumes().size());
        assertEquals(3, cancelled.provenance().resumes().get(0).fromStep());
        assertEquals(1, StudyFile.read(tmp).settings().get(1).runIds().size(), "resumed in place");
    }

    @Test
    void aKilledRunIsResumed() throws IOException {
        sweep(plan(base()), new CancellationToken());
        StudyFile study = StudyFile.read(tmp);
        RunDirectory run = RunDirectory.open(tmp.resolve(study.settings().get(0).lastRunId()));
        // what a killed process leaves: status running, no end time
        run.writeProvenance(new org.moeworkbench.engine.run.Provenance(
                run.id(),
                null,
                run.config(),
                run.provenance().environment(),
                run.provenance().datasetHash(),
                run.provenance().startedAt(),
                null,
                RunStatus.RUNNING,
                "",
                List.of()));
        Recorder again = sweep(plan(base()), new CancellationToken());
        assertEquals(SweepListener.Action.RESUME, again.actions.get(0));
        assertEquals(RunStatus.COMPLETED, run.provenance().status());
    }

    @Test
    void anotherBaseConfigOrOtherAxesAreRefusedBeforeAnyRun() throws IOException {
        sweep(plan(base()), new CancellationToken());
        int built = networksBuilt.get();
        ExperimentConfig otherBase = base().withName("other");
        InvalidSweepException e =
                assertThrows(InvalidSweepException.class, () -> sweep(plan(otherBase), new CancellationToken()));
        assertTrue(e.getMessage().contains("holds a study of another base config (fake"), e.getMessage());
        SweepPlan otherAxes = SweepPlan.of(base(), List.of(SweepAxis.parse("moe.experts=2,4,8")));
        e = assertThrows(InvalidSweepException.class, () -> sweep(otherAxes, new CancellationToken()));
        assertTrue(e.getMessage().contains("give the same --vary options"), e.getMessage());
        assertEquals(built, networksBuilt.get());
        assertEquals(base(), StudyFile.read(tmp).base(), "study.json untouched");
    }

    @Test
    void seedsRunEverySettingOncePerSeedAndTheTableReportsMeanStdAndN() throws IOException {
        SweepPlan plan = SweepPlan.of(base(), List.of(SweepAxis.parse("moe.experts=2,4")), List.of(7L, 8L, 9L));
        Recorder recorder = sweep(plan, new CancellationToken());
        assertEquals(6, networksBuilt.get());
        assertEquals("moe.experts=2, seed=7", recorder.settings.get(0));
        assertEquals("moe.experts=4, seed=9", recorder.settings.get(5));
        StudyFile study = StudyFile.read(tmp);
        assertEquals(List.of(7L, 8L, 9L), study.seeds());
        for (int i = 0; i < 6; i++) {
            RunDirectory run =
                    RunDirectory.open(tmp.resolve(study.settings().get(i).lastRunId()));
            assertEquals(7L + i % 3, run.config().seed(), "seed innermost");
            assertTrue(
                    run.config().name().endsWith("-s" + (7 + i % 3)),
                    run.config().name());
        }

        StudyTable table = StudyTable.read(tmp);
        assertEquals(2, table.cells().size(), "one cell per setting, over its seeds");
        for (StudyTable.Cell cell : table.cells()) {
            assertEquals(3, cell.completedSeeds());
            assertEquals(
                    List.of(7L, 8L, 9L),
                    cell.seeds().stream().map(StudyTable.SeedRun::seed).toList());
            List<Double> each =
                    cell.seeds().stream().map(StudyTable.SeedRun::testAccuracy).toList();
            double mean = (each.get(0) + each.get(1) + each.get(2)) / 3;
            assertEquals(mean, cell.testAccuracy(), 1e-12);
            double var = each.stream().mapToDouble(a -> (a - mean) * (a - mean)).sum() / 2;
            assertEquals(Math.sqrt(var), cell.testAccuracyStd(), 1e-12);
            assertEquals("completed", cell.status());
        }
        assertEquals(List.of(3, 3), table.accuracySeries().get(0).completedSeeds());

        Recorder again = sweep(plan, new CancellationToken());
        assertTrue(again.actions.stream().allMatch(a -> a == SweepListener.Action.SKIP_COMPLETED));
        SweepPlan otherSeeds = SweepPlan.of(base(), List.of(SweepAxis.parse("moe.experts=2,4")), List.of(7L, 8L));
        InvalidSweepException e =
                assertThrows(InvalidSweepException.class, () -> sweep(otherSeeds, new CancellationToken()));
        assertTrue(e.getMessage().contains("give the same --seeds"), e.getMessage());
    }

    @Test
    void varyingTheSeedAloneIsAStudyOfOneConfigOverSeeds() throws IOException {
        SweepPlan plan = SweepPlan.of(base(), List.of(SweepAxis.parse("seed=1,2")));
        assertTrue(plan.axes().isEmpty());
        assertEquals(List.of(1L, 2L), plan.seeds());
        sweep(plan, new CancellationToken());
        StudyTable table = StudyTable.read(tmp);
        assertEquals(1, table.cells().size());
        assertEquals(2, table.cells().get(0).completedSeeds());
        assertEquals(List.of("fake"), table.rowAxis().labels());
    }

    @Test
    void aStudyFileOfFormatOneReadsAsAStudyWithoutSeeds() throws IOException {
        sweep(plan(base()), new CancellationToken());
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) org.moeworkbench.engine.config.ConfigJson.mapper()
                        .readTree(tmp.resolve(StudyFile.FILE).toFile());
        tree.put("formatVersion", 1);
        tree.remove("seeds");
        tree.withArray("settings").forEach(s -> ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove("seed"));
        Files.writeString(tmp.resolve(StudyFile.FILE), tree.toString());
        StudyFile study = StudyFile.read(tmp);
        assertEquals(List.of(), study.seeds());
        assertNull(study.settings().get(0).seed());
        Recorder again = sweep(plan(base()), new CancellationToken());
        assertTrue(again.actions.stream().allMatch(a -> a == SweepListener.Action.SKIP_COMPLETED));
        assertEquals(4, StudyTable.read(tmp).cells().size());
    }

    @Test
    void tableReadsEachSettingsLastRun() throws IOException {
        SweepPlan plan = plan(base());
        StudyFile.start(plan, "2026-01-01T00:00:00Z").write(tmp);
        StudyTable pending = StudyTable.read(tmp);
        assertEquals(
                List.of("pending", "pending", "pending", "pending"),
                pending.cells().stream().map(StudyTable.Cell::status).toList());

        sweep(plan, new CancellationToken());
        StudyTable table = StudyTable.read(tmp);
        assertEquals(2, table.rows());
        assertEquals(2, table.columns());
        assertEquals(List.of(2.0, 4.0), table.axes().get(1).numbers());
        assertNull(table.axes().get(0).numbers(), "placement is not numeric");
        StudyFile study = StudyFile.read(tmp);
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                StudyTable.Cell cell = table.cell(r, c);
                assertEquals(study.settings().get(2 * r + c).lastRunId(), cell.runId());
                assertEquals(
                        List.of(
                                List.of("last2", "stage").get(r),
                                List.of("2", "4").get(c)),
                        cell.labels());
                double accuracy = testAccuracy(tmp.resolve(cell.runId()));
                assertEquals(accuracy, cell.testAccuracy());
                assertEquals((long) BlobData.INPUTS * BlobData.CLASSES + BlobData.CLASSES, cell.params());
            }
        }
        List<StudyTable.Series> series = table.accuracySeries();
        assertEquals(2, series.size());
        assertEquals("moe.experts=4", series.get(1).name());
        assertEquals(
                List.of(table.cell(0, 1).testAccuracy(), table.cell(1, 1).testAccuracy()),
                series.get(1).testAccuracy());
    }

    private static double testAccuracy(Path run) throws IOException {
        for (JsonNode line : MetricsLog.read(run.resolve(RunDirectory.METRICS))) {
            if (line.get("type").asText().equals("test")) {
                return line.get("testAccuracy").asDouble();
            }
        }
        throw new AssertionError("no test line in " + run);
    }

    static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
