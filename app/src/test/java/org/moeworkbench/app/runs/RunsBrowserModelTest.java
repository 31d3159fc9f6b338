package org.moeworkbench.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.TinyConfigs;
import org.moeworkbench.app.compare.CompareModel;
import org.moeworkbench.app.designer.DesignerModel;
import org.moeworkbench.app.queue.RunCurves;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.RunKind;

/** Runs made by the CLI, read by the browser and the compare model. */
class RunsBrowserModelTest {
    @TempDir
    static Path tmp;

    static Path runs;

    @BeforeAll
    static void trainTwoRunsWithTheCli() throws IOException {
        runs = tmp.resolve("runs");
        ExperimentConfig moe = TinyConfigs.tiny("cli-moe", 1);
        ExperimentConfig dense = TinyConfigs.tinyDense("cli-dense", 1);
        TinyConfigs.trainWithTheCli(runs, moe, dense);
    }

    @Test
    void listsCliRunsWithTheirNumbers() throws IOException {
        RunsBrowserModel model = new RunsBrowserModel(runs);
        model.refresh();
        assertEquals(2, model.runs().size());
        RunSummary moe = model.runs().stream()
                .filter(r -> r.id().endsWith("cli-moe"))
                .findFirst()
                .orElseThrow();
        assertEquals(RunKind.SPARSE_MOE, moe.kind());
        assertEquals("sparse MoE", moe.kindLabel());
        assertEquals(2, moe.experts());
        assertEquals(1, moe.topK());
        assertEquals("last2", moe.placement());
        assertEquals("completed", moe.status());
        assertTrue(moe.params() > moe.paramsActive() && moe.paramsActive() > 0);
        assertTrue(moe.accuracy() >= 0 && moe.accuracy() <= 1);
        RunSummary dense = model.runs().stream()
                .filter(r -> r.id().endsWith("cli-dense"))
                .findFirst()
                .orElseThrow();
        assertEquals(RunKind.DENSE, dense.kind());
        assertEquals(dense.params(), dense.paramsActive());

        model.filter().set("dense completed");
        assertEquals(List.of(dense), List.copyOf(model.filtered()));
        model.filter().set("");
        assertEquals(2, model.filtered().size());
    }

    @Test
    void comparesConfigsAndReadsCurves() throws IOException {
        List<RunSummary> all = RunsBrowserModel.scan(runs);
        List<CompareModel.DiffRow> diff =
                CompareModel.configDiff(all.stream().map(RunSummary::dir).toList(), true);
        Map<String, List<String>> byKey = new java.util.HashMap<>();
        diff.forEach(r -> byKey.put(r.key(), r.values()));
        assertTrue(byKey.containsKey("moe.experts"), byKey.keySet().toString());
        assertTrue(byKey.containsKey("name"));
        assertFalse(byKey.containsKey("seed"), "equal fields are left out");
        assertTrue(CompareModel.configDiff(all.stream().map(RunSummary::dir).toList(), false)
                        .size()
                > diff.size());

        RunCurves curves = RunCurves.read(all.get(0).dir());
        assertEquals(1, curves.epochValidationAccuracy().size());
        assertFalse(curves.stepLoss().isEmpty());
    }

    @Test
    void deletesOnlyRunDirectoriesInsideTheFolder() throws IOException {
        Path copyRoot = tmp.resolve("copy");
        Path source = RunsBrowserModel.scan(runs).get(0).dir();
        Path target = copyRoot.resolve(source.getFileName());
        try (var files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        RunsBrowserModel model = new RunsBrowserModel(copyRoot);
        model.refresh();
        RunSummary outside = RunsBrowserModel.scan(runs).get(0);
        assertThrows(IOException.class, () -> model.delete(outside), "a run of another folder is not deleted");
        model.delete(model.runs().get(0));
        assertFalse(Files.exists(target));
        assertTrue(model.runs().isEmpty());
    }

    @Test
    void aRunsMeasuredSpeedDrivesTheDesignersTimeEstimate() throws IOException {
        RunSummary run = RunsBrowserModel.scan(runs).get(0);
        Throughput speed = Throughput.measured(run.dir()).orElseThrow();
        assertTrue(speed.flopsPerSecond() > 0);
        assertTrue(speed.source().contains(run.id()), speed.source());
        assertTrue(speed.source().contains("MFLOPs/image"), speed.source());
        DesignerModel designer = new DesignerModel();
        Totals before = designer.totals().get();
        org.moeworkbench.engine.config.Family family =
                designer.config().get().model().family();
        boolean moe = designer.config().get().moe().enabled();
        double fieldNotesSpeed = Throughput.FIELD_NOTES.flopsPerSecond() * (moe ? 1 / Totals.MOE_SLOWDOWN : 1);
        designer.speeds()
                .set(new MeasuredSpeeds(List.of(
                        new Throughput(
                                fieldNotesSpeed * 100,
                                moe,
                                "another family",
                                org.moeworkbench.engine.config.Family.VIT,
                                before.flopsPerImage()),
                        new Throughput(
                                fieldNotesSpeed / 10, moe, "ten times slower", family, before.flopsPerImage() * 2),
                        new Throughput(
                                fieldNotesSpeed * 10,
                                moe,
                                "a far larger model",
                                family,
                                before.flopsPerImage() * 50))));
        assertEquals(
                10 * before.secondsPerEpoch(),
                designer.totals().get().secondsPerEpoch(),
                1e-6 * before.secondsPerEpoch(),
                "the run of the same family nearest in FLOPs per image decides");
        assertTrue(designer.totals().get().describe(5).contains("ten times slower"));
    }

    @Test
    void listsHardMoeRunsByTheirHardmoeJson() throws IOException {
        Path folder = tmp.resolve("hard-runs");
        Path demo = Path.of(
                "..",
                "sample-data",
                "src",
                "main",
                "resources",
                "org",
                "moeworkbench",
                "sample",
                "configs",
                "sample-hardmoe.json");
        org.moeworkbench.engine.config.HardMoeConfig config =
                ConfigJson.read(demo, org.moeworkbench.engine.config.HardMoeConfig.class);
        org.moeworkbench.engine.hardmoe.HardMoeRunner.create(folder, config, 4, java.time.Instant.now());
        List<RunSummary> found = RunsBrowserModel.scan(folder);
        assertEquals(1, found.size());
        assertEquals(RunKind.HARD_MOE, found.get(0).kind());
        assertEquals(4, found.get(0).experts(), "one expert per cluster");
        assertEquals("running", found.get(0).status(), "no provenance yet");
        assertEquals(0, found.get(0).params(), "no results yet");
        assertTrue(Double.isNaN(found.get(0).accuracy()));
        // once results.json is written the row has the mixture's params, active params and p@1 as its accuracy
        Files.writeString(
                found.get(0).dir().resolve(org.moeworkbench.engine.hardmoe.HardMoeRun.RESULTS),
                "{\"trunk\": {\"p@1\": 61.5, \"params\": 1000}, \"moe\": {\"p@1\": 64.25, \"params\": 4800}}");
        RunSummary done = RunsBrowserModel.scan(folder).get(0);
        assertEquals(4800, done.params());
        assertEquals(2000, done.paramsActive(), "trunk + one expert, as Gross et al. count it");
        assertEquals(0.6425, done.accuracy(), 1e-12);
        // Compare reads a hard-MoE run beside a sparse one: the kind first, shared sections aligned
        RunSummary sparse = RunsBrowserModel.scan(runs).get(0);
        List<CompareModel.DiffRow> diff = CompareModel.configDiff(List.of(sparse.dir(), done.dir()), true);
        assertEquals(CompareModel.KIND, diff.get(0).key());
        assertEquals("hard MoE", diff.get(0).values().get(1));
        assertTrue(diff.stream()
                .anyMatch(r -> r.key().equals("pcaDims") && r.values().get(0).equals("(absent)")));
        assertTrue(diff.stream().anyMatch(r -> r.key().startsWith("model.")), "shared sections line up");
    }

    @Test
    void runsFolderComesFromTheArgumentThenTheEnvironmentThenHome() {
        assertEquals(Path.of("/a"), RunsFolder.resolve(List.of("--runs", "/a"), Map.of("MOE_RUNS_DIR", "/b"), "/h"));
        assertEquals(Path.of("/a"), RunsFolder.resolve(List.of("--runs=/a"), Map.of(), "/h"));
        assertEquals(Path.of("/b"), RunsFolder.resolve(List.of(), Map.of("MOE_RUNS_DIR", "/b"), "/h"));
        assertEquals(Path.of("/h/moe-runs"), RunsFolder.resolve(List.of(), Map.of(), "/h"));
    }
}
