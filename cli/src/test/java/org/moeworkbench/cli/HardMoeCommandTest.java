package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HardMoeCommandTest {

    private static int run(ByteArrayOutputStream err, String... args) {
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(new HardMoeCommand(new PrintStream(new ByteArrayOutputStream()), e)).execute(args);
    }

    @Test
    void aBadConfigIsRefusedNamingTheField(@TempDir Path dir) throws IOException {
        String demo;
        try (InputStream in = getClass().getResourceAsStream("/org/moeworkbench/sample/configs/sample-hardmoe.json")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, demo.replace("\"expertInit\": \"trunk\"", "\"expertInit\": \"imagenet\""));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(
                2,
                run(
                        err,
                        "--config",
                        bad.toString(),
                        "--runs",
                        dir.resolve("runs").toString()));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("expertInit = imagenet") && message.contains("[trunk, scratch]"), message);
        assertTrue(Files.notExists(dir.resolve("runs")), "nothing is created for a refused config");
    }

    @Test
    void resumingSomethingElseIsRefused(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(err, "--resume", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a hard-MoE run"), err.toString());
    }

    @Test
    void isRegisteredInMoe() {
        assertTrue(new CommandLine(new MoeCli()).getSubcommands().containsKey("hardmoe"));
    }
}
