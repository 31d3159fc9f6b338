package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Router;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.hardmoe.TinyHardMoe;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.study.StudyFile;
import org.moeworkbench.engine.train.Trainer;
import picocli.CommandLine;

/** A real 2x2 sweep (placement x experts) of a tiny MoE ConvNeXt on the sample data, one epoch each. */
class SweepEndToEndTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    static ExperimentConfig tinyBase() {
        DataConfig data = new DataConfig("sample", "sample", 16, 60, 7, 0.2, Task.CLASSES, Sampling.UNIFORM, false);
        ModelConfig model = ModelConfig.convnext(List.of(1, 1, 1, 1), List.of(8, 8, 16, 16), 2, 2.0, 3, 1e-6);
        MoeConfig moe = new MoeConfig(2, 1, Placement.LAST2, List.of(), Router.LINEAR, 8, 2.0, 0, 0.01, 0, false, 0.05);
        TrainingConfig training = new TrainingConfig(Optimizer.ADAMW, 3e-3, 0.05, 0.9, 1, 16, 0, 0, 0, 1, false, 4);
        return new ExperimentConfig(
                "sweep-tiny", 5, data, ExperimentConfig.defaultSample().augment(), model, moe, training);
    }

    private int sweep(Path config, Path study) {
        SweepCommand command = new SweepCommand(
                Trainer::standard,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(command)
                .execute(
                        "--config",
                        config.toString(),
                        "--vary",
                        "moe.placement=last2,stage",
                        "--vary",
                        "moe.experts=2,4",
                        "--runs",
                        study.toString(),
                        "--plain");
    }

    private String study(String... args) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        StudyCommand command = new StudyCommand(
                new PrintStream(text, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, new CommandLine(command).execute(args), err.toString());
        return text.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sweepsResumesADeletedRunAndTabulatesTheRuns() throws IOException {
        Path config = tmp.resolve("base.json");
        ConfigJson.write(config, tinyBase());
        Path dir = tmp.resolve("study");
        assertEquals(0, sweep(config, dir), out + "\n" + err);
        StudyFile study = StudyFile.read(dir);
        List<String> ids =
                study.settings().stream().map(StudyFile.SettingRuns::lastRunId).toList();
        assertEquals(4, ids.size());
        for (String id : ids) {
            assertEquals(
                    RunStatus.COMPLETED,
                    RunDirectory.open(dir.resolve(id)).provenance().status());
        }

        // Delete the (stage, 2) run: only that one trains again.
        String startedBefore =
                RunDirectory.open(dir.resolve(ids.get(0))).provenance().startedAt();
        deleteTree(dir.resolve(ids.get(2)));
        out.reset();
        assertEquals(0, sweep(config, dir), out + "\n" + err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(
                3, printed.lines().filter(l -> l.contains("completed earlier")).count(), printed);
        assertTrue(printed.contains("[3/4] moe.placement=stage, moe.experts=2: training "), printed);
        assertEquals(
                startedBefore,
                RunDirectory.open(dir.resolve(ids.get(0))).provenance().startedAt());

        // The table holds each setting's run values.
        JsonNode table = CliJson.MAPPER.readTree(study(dir.toString(), "--json"));
        List<StudyFile.SettingRuns> settings = StudyFile.read(dir).settings();
        List<Long> params = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode cell = table.get("cells").get(i);
            Path run = dir.resolve(settings.get(i).lastRunId());
            ModelSummary model = ConfigJson.readAllowingNulls(run.resolve(RunDirectory.MODEL), ModelSummary.class);
            assertEquals(settings.get(i).lastRunId(), cell.get("runId").asText());
            assertEquals("completed", cell.get("status").asText());
            assertEquals(model.params(), cell.get("params").asLong());
            assertEquals(model.paramsActive(), cell.get("paramsActive").asLong());
            assertEquals(model.flopsPerImage(), cell.get("flopsPerImage").asLong());
            assertEquals(testAccuracy(run), cell.get("testAccuracy").asDouble());
            params.add(model.params());
        }
        assertTrue(params.get(1) > params.get(0), "4 experts have more params than 2: " + params);
        assertNotEquals(params.get(0), params.get(2), "stage (4 MoE layers) differs from last2 (2): " + params);

        String text = study(dir.toString());
        assertTrue(text.contains("moe.placement \\ moe.experts"), text);
        String expectedCell = String.format(
                java.util.Locale.ROOT,
                "%.2f",
                100 * table.get("cells").get(3).get("testAccuracy").asDouble());
        assertTrue(text.lines().anyMatch(l -> l.startsWith("stage") && l.trim().endsWith(expectedCell)), text);
    }

    /** Seeds as a study axis: 2 settings x 2 seeds, real training; moe study reports mean ± std and n. */
    @Test
    void seedsRunEverySettingPerSeedAndTheStudyShowsMeanStdAndN() throws IOException {
        Path config = tmp.resolve("base.json");
        ConfigJson.write(config, tinyBase());
        Path dir = tmp.resolve("seeds");
        SweepCommand command = new SweepCommand(
                Trainer::standard,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = new CommandLine(command)
                .execute(
                        "--config",
                        config.toString(),
                        "--vary",
                        "moe.experts=2,4",
                        "--seeds",
                        "2",
                        "--runs",
                        dir.toString(),
                        "--plain");
        assertEquals(0, code, out + "\n" + err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("4 runs (moe.experts=2,4, seeds [5, 6])"), printed);
        assertTrue(printed.contains("[4/4] moe.experts=4, seed=6: training "), printed);

        JsonNode table = CliJson.MAPPER.readTree(study(dir.toString(), "--json"));
        assertEquals(2, table.get("cells").size());
        for (JsonNode cell : table.get("cells")) {
            assertEquals(2, cell.get("completedSeeds").asInt());
            double a = cell.get("seeds").get(0).get("testAccuracy").asDouble();
            double b = cell.get("seeds").get(1).get("testAccuracy").asDouble();
            assertEquals((a + b) / 2, cell.get("testAccuracy").asDouble(), 1e-12);
            assertEquals(
                    Math.abs(a - b) / Math.sqrt(2), cell.get("testAccuracyStd").asDouble(), 1e-12);
            assertEquals(6, cell.get("seeds").get(1).get("seed").asLong());
        }
        String text = study(dir.toString());
        assertTrue(text.contains("2 settings x 2 seeds [5, 6]"), text);
        assertTrue(text.contains("Per seed:"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("2 ") && l.contains(" ± ") && l.contains("(n=2)")), text);
    }

    @Test
    void invalidVaryIsRefusedBeforeAnyRun() throws IOException {
        Path config = tmp.resolve("base.json");
        ConfigJson.write(config, tinyBase());
        Path dir = tmp.resolve("study");
        SweepCommand command = new SweepCommand(
                Trainer::standard,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(
                2,
                new CommandLine(command)
                        .execute(
                                "--config",
                                config.toString(),
                                "--vary",
                                "moe.experts=2,4",
                                "--vary",
                                "moe.topK=1,3",
                                "--runs",
                                dir.toString()));
        assertTrue(
                err.toString()
                        .contains("setting moe.experts=2, moe.topK=3: moe.topK = 3 is not allowed: "
                                + "1 <= topK <= experts (2)"),
                err.toString());
        assertTrue(Files.notExists(dir), "nothing written");
    }

    private static double testAccuracy(Path run) throws IOException {
        for (JsonNode line : MetricsLog.read(run.resolve(RunDirectory.METRICS))) {
            if (line.get("type").asText().equals("test")) {
                return line.get("testAccuracy").asDouble();
            }
        }
        throw new AssertionError("no test line in " + run);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A study of a hard MoE over K: one run per setting in the one run layout, and moe study reads its p@1. */
    @Test
    void aHardMoeSweepsOverClustersAndItsStudyReadsTheMixture() throws IOException {
        Path config = tmp.resolve("hard.json");
        ConfigJson.write(config, TinyHardMoe.onSample("hard-sweep", 1, List.of(2)));
        Path study = tmp.resolve("hard-study");
        SweepCommand command = new SweepCommand(
                Trainer::standard,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = new CommandLine(command)
                .execute(
                        "--config",
                        config.toString(),
                        "--vary",
                        "clusters=[[2],[3]]",
                        "--runs",
                        study.toString(),
                        "--plain");
        assertEquals(0, code, out + "\n" + err);
        StudyFile file = StudyFile.read(study);
        assertEquals(RunKind.HARD_MOE, file.base().kind());
        for (StudyFile.SettingRuns setting : file.settings()) {
            Path run = study.resolve(setting.lastRunId());
            assertEquals(RunKind.HARD_MOE, RunDirectory.kindOf(run).orElseThrow());
            assertEquals(
                    RunStatus.COMPLETED, RunDirectory.open(run).provenance().status());
        }
        JsonNode table = ConfigJson.mapper().readTree(study("--json", study.toString()));
        assertEquals(2, table.path("cells").size());
        for (JsonNode cell : table.path("cells")) {
            assertEquals("completed", cell.path("status").asText());
            assertTrue(cell.path("params").asLong() > cell.path("paramsActive").asLong(), cell.toString());
            assertTrue(cell.path("testAccuracy").isNumber(), cell.toString());
        }
        String text = study(study.toString());
        assertTrue(text.contains("clusters"), text);

        ExperimentConfig sparse = tinyBase();
        HardMoeConfig twoK = TinyHardMoe.onSample("hard-sweep-2k", 1, List.of(2, 3));
        ConfigJson.write(config, twoK);
        code = new CommandLine(new SweepCommand(
                        Trainer::standard,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(
                        "--config",
                        config.toString(),
                        "--vary",
                        "seed=1,2",
                        "--runs",
                        tmp.resolve("x").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("one K per setting"), err.toString());
        assertEquals("sweep-tiny", sparse.name());
    }
}
