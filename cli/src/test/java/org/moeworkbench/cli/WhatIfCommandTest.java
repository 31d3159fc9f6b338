package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.analysis.TrainingCurves;
import org.moeworkbench.engine.config.ConfigJson;

/** moe whatif on a real tiny sparse MoE (2 experts, top-1, MoE layers in blocks 2 and 3). */
class WhatIfCommandTest {
    @TempDir
    static Path tmp;

    static Path run;

    @BeforeAll
    static void train() throws IOException {
        ConfigJson.write(tmp.resolve("sparse.json"), TrainEndToEndTest.tinyConfig());
        Path runs = tmp.resolve("runs");
        String[] trained = CliHarness.execute(
                "train", "--config", tmp.resolve("sparse.json").toString(), "--runs", runs.toString(), "--plain");
        assertEquals("0", trained[0], trained[2]);
        try (Stream<Path> dirs = Files.list(runs)) {
            run = dirs.findFirst().orElseThrow();
        }
    }

    private static JsonNode json(String... args) throws IOException {
        String[] result = CliHarness.execute(args);
        assertEquals("0", result[0], result[2]);
        return ConfigJson.mapper().readTree(result[1]);
    }

    @Test
    void theRunRoutedAsTrainedScoresItsOwnTestAccuracy() throws IOException {
        JsonNode result = json("whatif", run.toString(), "--json");
        double recorded = TrainingCurves.read(run.resolve("metrics.jsonl")).testAccuracy();
        assertEquals(recorded, result.path("unchanged").path("accuracy").asDouble(), 1e-12);
        assertEquals(recorded, result.path("changed").path("accuracy").asDouble(), 1e-12);
    }

    @Test
    void aRemovedExpertGetsNoTokenAndItsTokensGoToTheOther() throws IOException {
        JsonNode result = json("whatif", run.toString(), "--ablate", "3:1", "--json");
        JsonNode after = result.path("changed").path("layers");
        assertEquals(3, after.get(1).path("block").asInt());
        assertEquals(0.0, after.get(1).path("load").get(1).asDouble());
        assertEquals(1.0, after.get(1).path("load").get(0).asDouble(), 1e-12, "two experts: all go to expert 0");
        JsonNode before = result.path("unchanged").path("layers");
        assertEquals(
                before.get(0).path("load").get(0).asDouble(),
                after.get(0).path("load").get(0).asDouble(),
                1e-12,
                "block 2 comes before block 3 and routes as before");
        assertTrue(Files.exists(run.resolve("whatif/ablate-3.1_on-test.json")));
        assertTrue(Files.exists(run.resolve("whatif/ablate-3.1_on-test/routing/final.json")), "a snapshot to draw");
    }

    @Test
    void aPinnedExpertTakesEveryFirstChoiceAndTheSecondChoiceFollowsTheRouter() throws IOException {
        JsonNode pinned = json("whatif", run.toString(), "--force", "2:1", "--analysis-images", "--json");
        assertEquals(
                1.0,
                pinned.path("changed").path("layers").get(0).path("load").get(1).asDouble(),
                1e-12);
        JsonNode both = json("whatif", run.toString(), "--force", "2:1", "--topk", "2", "--analysis-images", "--json");
        JsonNode load = both.path("changed").path("layers").get(0).path("load");
        assertEquals(0.5, load.get(0).asDouble(), 1e-12, "k = 2 of 2 experts: each takes half of the choices");
        assertEquals(16, both.path("changed").path("images").asInt(), "the analysis subset of 16 images");
    }

    @Test
    void aSecondCallReadsTheCache() throws IOException {
        json("whatif", run.toString(), "--capacity", "0.5", "--analysis-images", "--json");
        Path cached = run.resolve("whatif/capacity-0.5_on-analysis.json");
        FileTime written = Files.getLastModifiedTime(cached);
        String[] again = CliHarness.execute("whatif", run.toString(), "--capacity", "0.5", "--analysis-images");
        assertEquals("0", again[0], again[2]);
        assertTrue(again[1].contains("(cached)"), again[1]);
        assertEquals(written, Files.getLastModifiedTime(cached));
        assertTrue(again[1].contains("dropped"), "capacity 0.5 drops choices: " + again[1]);
    }

    @Test
    void aChangeTheRunCannotTakeIsRefusedWithTheReason() {
        String[] noLayer = CliHarness.execute("whatif", run.toString(), "--ablate", "7:0");
        assertEquals("2", noLayer[0]);
        assertTrue(noLayer[2].contains("block 7 has no MoE layer; MoE blocks are [2, 3]"), noLayer[2]);
        String[] allGone = CliHarness.execute("whatif", run.toString(), "--ablate", "2:0,2:1");
        assertEquals("2", allGone[0]);
        assertTrue(allGone[2].contains("leaves 0 of 2 experts in block 2"), allGone[2]);
        String[] badRef = CliHarness.execute("whatif", run.toString(), "--force", "two");
        assertEquals("2", badRef[0]);
        assertTrue(badRef[2].contains("is not BLOCK:EXPERT"), badRef[2]);
    }
}
