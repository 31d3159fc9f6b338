package org.moeworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;

/** {@code moe-workbench --smoke-test}, in-process: trains on the real engine and writes a readable run. */
class SmokeTestTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SmokeTest.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void trainsAFewStepsAndWritesACompletedRun() throws IOException {
        Path runs = tmp.resolve("runs");
        assertEquals(0, run("--smoke-test", "--runs", runs.toString()), err.toString());
        String line = out.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.matches("smoke test passed: trained \\d+ steps of sample-convnext-moe-smoke .*"), line);
        List<Path> dirs;
        try (Stream<Path> list = Files.list(runs)) {
            dirs = list.toList();
        }
        assertEquals(1, dirs.size());
        RunDirectory run = RunDirectory.open(dirs.get(0));
        assertEquals(RunStatus.COMPLETED, run.provenance().status());
        assertEquals(SmokeTest.config(), run.config());
        assertEquals(null, System.getProperty("moe.cacheDir"), "the temporary cache setting is cleared");
    }

    @Test
    void aRunsFolderThatCannotBeMadeFailsWithAMessage() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        assertEquals(1, run("--smoke-test", "--runs", file.toString()));
        assertTrue(err.toString().startsWith("smoke test failed: "), err.toString());
        assertEquals(1, run("--smoke-test", "--runs"));
        assertTrue(err.toString().contains("--runs needs a folder"), err.toString());
    }
}
