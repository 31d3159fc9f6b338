package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.hardmoe.TinyHardMoe;

/** moe compare-routing on a real tiny hard MoE and a real tiny sparse MoE trained on the same sample data. */
class CompareRoutingCommandTest {
    @TempDir
    static Path tmp;

    static Path hard;
    static Path sparse;

    @BeforeAll
    static void trainBoth() throws IOException {
        ConfigJson.write(tmp.resolve("hard.json"), TinyHardMoe.onSample("hard", 1, List.of(2)));
        ConfigJson.write(tmp.resolve("sparse.json"), TrainEndToEndTest.tinyConfig());
        for (String name : List.of("hard", "sparse")) {
            Path runs = tmp.resolve("runs-" + name);
            String[] trained = CliHarness.execute(
                    "train", "--config", tmp.resolve(name + ".json").toString(), "--runs", runs.toString(), "--plain");
            assertEquals("0", trained[0], trained[2]);
        }
        hard = only(tmp.resolve("runs-hard"));
        sparse = only(tmp.resolve("runs-sparse"));
    }

    private static Path only(Path runs) throws IOException {
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.findFirst().orElseThrow();
        }
    }

    @Test
    void comparesClustersWithDominantExpertsPerLayer() throws IOException {
        Path figures = tmp.resolve("figures");
        String[] text = CliHarness.execute(
                "compare-routing", hard.toString(), sparse.toString(), "--figures", figures.toString());
        assertEquals("0", text[0], text[2]);
        assertTrue(text[1].contains("(K = 2 clusters)") && text[1].contains("block 2: adjusted Rand index"), text[1]);

        String[] json = CliHarness.execute("compare-routing", hard.toString(), sparse.toString(), "--json");
        assertEquals("0", json[0], json[2]);
        JsonNode agreement = ConfigJson.mapper().readTree(json[1]);
        int images = agreement.path("images").asInt();
        assertTrue(images > 0, json[1]);
        assertEquals(2, agreement.path("layers").size(), "the tiny sparse model has MoE layers in blocks 2 and 3");
        for (JsonNode layer : agreement.path("layers")) {
            double ari = layer.path("adjustedRandIndex").asDouble();
            double nmi = layer.path("normalizedMutualInformation").asDouble();
            assertTrue(ari >= -1 && ari <= 1 && nmi >= 0 && nmi <= 1, layer.toString());
            long sum = 0;
            for (JsonNode row : layer.path("contingency")) {
                for (JsonNode n : row) {
                    sum += n.asLong();
                }
            }
            assertEquals(images, sum, "every compared image is in one cell");
        }
        assertTrue(Files.size(figures.resolve("routing-agreement-block-2.png")) > 1000);
    }

    @Test
    void runsInTheWrongOrderAreNamedWithTheFix() {
        String[] result = CliHarness.execute("compare-routing", sparse.toString(), hard.toString());
        assertEquals("1", result[0]);
        assertTrue(result[2].contains("is not a hard-MoE run: give the hard MoE first"), result[2]);
    }
}
