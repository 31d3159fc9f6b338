package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.hardmoe.TinyHardMoe;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.BlobData;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.FakeNetwork;
import org.moeworkbench.engine.train.Trainer;
import org.moeworkbench.engine.train.TrainingListener;
import picocli.CommandLine;

class TrainCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final BlobData data = new BlobData(64, 16, 20);
    private final Trainer trainer = new Trainer(
            (config, d) -> new FakeNetwork(BlobData.INPUTS, BlobData.CLASSES, config.seed()), config -> data);

    private int run(String... args) {
        TrainCommand command = new TrainCommand(
                () -> trainer,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLine(command).execute(args);
    }

    private static ExperimentConfig config() {
        TrainingConfig training = new TrainingConfig(Optimizer.SGD, 0.05, 0.0, 0.9, 2, 16, 0.0, 0.0, 0.0, 2, false, 8);
        return ExperimentConfig.defaultSample().withName("cli").withTraining(training);
    }

    /** A hard MoE trains through {@code moe train} too: one run per K, each in the one run layout (config.json). */
    @Test
    void aHardMoeSpecTrainsOneRunPerKThroughTrain() throws IOException {
        HardMoeConfig hard = TinyHardMoe.onSample("cli-hard", 1, List.of(2, 3));
        Path file = tmp.resolve("hard.json");
        ConfigJson.write(file, hard);
        Path runs = tmp.resolve("runs");
        assertEquals(0, run("--config", file.toString(), "--runs", runs.toString()), err.toString());
        List<Path> dirs;
        try (Stream<Path> list = Files.list(runs)) {
            dirs = list.sorted().toList();
        }
        assertEquals(2, dirs.size(), dirs.toString());
        assertTrue(dirs.get(0).getFileName().toString().endsWith("-cli-hard-k2"), dirs.toString());
        for (Path dir : dirs) {
            assertEquals(RunKind.HARD_MOE, RunDirectory.kindOf(dir).orElseThrow());
            assertTrue(Files.isRegularFile(dir.resolve(RunDirectory.CONFIG)));
            assertEquals(
                    RunStatus.COMPLETED, RunDirectory.open(dir).provenance().status());
        }
        assertTrue(out.toString().contains("moe p@1"), out.toString());
    }

    @Test
    void invalidConfigIsRefusedWithExitCode2BeforeAnyWork() throws IOException {
        Path file = tmp.resolve("bad.json");
        Files.writeString(file, ConfigJson.toJson(config()).replace("\"topK\" : 1", "\"topK\" : 9"));
        Path runs = tmp.resolve("runs");
        assertEquals(2, run("--config", file.toString(), "--runs", runs.toString()));
        assertTrue(
                err.toString().contains(file + ": moe.topK = 9 is not allowed: 1 <= topK <= experts (4)"),
                err.toString());
        assertFalse(Files.exists(runs), "no run directory was made");
    }

    @Test
    void missingConfigOrBothSourcesIsAUsageError() {
        assertEquals(2, run("--runs", tmp.toString()));
        assertEquals(2, run("--config", "a.json", "--resume", "b"));
        assertEquals(2, run("--resume", tmp.resolve("nothing").toString()));
    }

    @Test
    void trainsIntoATimestampedRunDirectoryAndPrintsPlainLines() throws IOException {
        Path file = tmp.resolve("ok.json");
        ConfigJson.write(file, config());
        Path runs = tmp.resolve("runs");
        assertEquals(0, run("--config", file.toString(), "--runs", runs.toString()), err.toString());
        List<Path> dirs;
        try (Stream<Path> list = Files.list(runs)) {
            dirs = list.toList();
        }
        assertEquals(1, dirs.size());
        assertTrue(dirs.get(0).getFileName().toString().matches("\\d{8}-\\d{6}-cli"), dirs.toString());
        assertEquals(
                RunStatus.COMPLETED, RunDirectory.open(dirs.get(0)).provenance().status());
        String printed = out.toString();
        assertTrue(printed.contains("epoch 1/2 step 2/8 loss"), printed);
        assertTrue(printed.contains("ETA"), printed);
        assertTrue(printed.contains("epoch 2/2: train loss"), printed);
        assertTrue(printed.contains("test loss"), printed);
        assertEquals(2, run("--resume", dirs.get(0).toString()), "a completed run is not resumed");
    }

    @Test
    void resumeContinuesACancelledRun() throws IOException {
        RunDirectory cancelled = RunDirectory.create(tmp.resolve("r"), config());
        CancellationToken cancel = new CancellationToken();
        trainer.train(
                config(),
                cancelled,
                new TrainingListener() {
                    @Override
                    public void step(StepEvent event) {
                        if (event.globalStep() == 3) {
                            cancel.cancel();
                        }
                    }
                },
                cancel);
        assertEquals(RunStatus.CANCELLED, cancelled.provenance().status());
        assertEquals(0, run("--resume", cancelled.root().toString()), err.toString());
        assertTrue(out.toString().contains("resuming at step 3"), out.toString());
        assertEquals(RunStatus.COMPLETED, cancelled.provenance().status());
    }
}
