package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.data.SampleSource;

class DataCommandTest {
    @TempDir
    Path dir;

    private CliHarness.Console console;
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @BeforeEach
    void capture() {
        console = new CliHarness.Console(dir.resolve("cache"));
        out = console.out;
        err = console.err;
    }

    @AfterEach
    void restore() {
        console.close();
    }

    @Test
    void describeSampleAsJson() throws Exception {
        assertEquals(0, MoeCli.run("data", "describe", "sample", "--images", "200", "--json"));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(160, json.get("splits").get("train").asInt());
        assertEquals(0, json.get("splits").get("validation").asInt());
        assertEquals(40, json.get("splits").get("test").asInt());
        assertEquals(10, json.get("classes").asInt());
        assertEquals(119, json.get("tags").asInt());
        assertEquals(10, json.get("topTags").size());
        assertEquals(
                SampleSource.generate(7, 200, 32).sha256(), json.get("hash").asText());
    }

    @Test
    void describeAsTextNamesSplitsClassesTagsAndHash() {
        assertEquals(0, MoeCli.run("data", "describe", "--images", "100", "--validation-fraction", "0.25"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("train 60, validation 20, test 20"), text);
        assertTrue(text.contains("top tags"), text);
        assertTrue(text.contains("hash       sha256 "), text);
        assertTrue(text.contains("skipped    0 bad records"), text);
    }

    @Test
    void describeOfABrokenSourcePrintsTheProblemAndFails() throws Exception {
        org.moeworkbench.engine.data.ImageCodec.writePng(new byte[48], 3, 4, 4, dir.resolve("ok.png"));
        Files.writeString(dir.resolve("tags.csv"), "path,tags\nnothere.png,x\nok.png,y\n");
        assertEquals(2, MoeCli.run("data", "describe", dir.toString()));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(
                message.startsWith("error: ") && message.contains("nothere.png") && message.contains("line 2"),
                message);
        out.reset();
        assertEquals(0, MoeCli.run("data", "describe", dir.toString(), "--skip-bad-records"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("skipped    1 bad records") && text.contains("nothere.png"), text);
    }

    @Test
    void exportSampleThenDescribeTheFolder() throws Exception {
        Path export = dir.resolve("export");
        assertEquals(
                0, MoeCli.run("data", "export-sample", "--out", export.toString(), "--images", "30", "--seed", "3"));
        assertTrue(Files.isRegularFile(export.resolve("tags.csv")));
        assertTrue(Files.isRegularFile(export.resolve("images/00000.png")));
        out.reset();
        assertEquals(0, MoeCli.run("data", "describe", export.toString(), "--json"));
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals("tagged-folder", json.get("format").asText());
        assertEquals(24, json.get("splits").get("train").asInt());
        assertEquals(6, json.get("splits").get("test").asInt());
        assertEquals(
                2,
                MoeCli.run("data", "export-sample", "--out", export.toString(), "--images", "30"),
                "an earlier export is not overwritten without --force");
    }
}
