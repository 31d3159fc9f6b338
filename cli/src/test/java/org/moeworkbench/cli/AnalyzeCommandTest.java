package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.analysis.SyntheticRun;

class AnalyzeCommandTest {
    @TempDir
    Path dir;

    @Test
    void jsonHasTheContractFieldsPerMoeLayer() throws Exception {
        Path runDir = SyntheticRun.write(dir.resolve("run-a"), SyntheticRun.Spec.small(4));
        String[] result = CliHarness.execute("analyze", runDir.toString(), "--json");
        assertEquals("0", result[0], result[2]);
        JsonNode json = new ObjectMapper().readTree(result[1]);
        JsonNode layers = json.get("layers");
        assertEquals(2, layers.size());
        for (int l = 0; l < 2; l++) {
            JsonNode layer = layers.get(l);
            assertEquals(4 + l, layer.get("layer").asInt());
            assertEquals(4, layer.get("load").size());
            double sum = 0;
            for (JsonNode v : layer.get("load")) {
                sum += v.asDouble();
            }
            assertEquals(1.0, sum, 1e-9);
            assertEquals(4, layer.get("jaccard").size());
            assertEquals(4, layer.get("jaccard").get(0).size());
            assertEquals(1.0, layer.get("jaccard").get(0).get(0).asDouble(), 1e-12);
            double mean = layer.get("expertsPerImageMean").asDouble();
            assertTrue(mean >= 1 && mean <= 4, "experts per image " + mean);
            assertEquals(5, layer.get("expertsPerImageCdf").size());
            assertEquals(1.0, layer.get("expertsPerImageCdf").get(4).asDouble(), 1e-12);
            assertEquals(4, layer.get("expertClassCounts").size());
        }
        assertEquals("run-a", json.get("run").get("id").asText());
        assertEquals(0.5, json.get("run").get("accuracy").asDouble(), 1e-12);
        assertEquals(10, json.get("training").get("steps").size());
    }

    @Test
    void textSummaryAndDenseAndMissingRuns() throws Exception {
        Path moe = SyntheticRun.write(dir.resolve("run-moe"), SyntheticRun.Spec.small(4));
        String[] text = CliHarness.execute("analyze", moe.toString());
        assertEquals("0", text[0], text[2]);
        assertTrue(text[1].contains("block 4: 16 tokens/image"), text[1]);
        Path dense = SyntheticRun.write(dir.resolve("run-dense"), SyntheticRun.Spec.small(0));
        String[] denseText = CliHarness.execute("analyze", dense.toString());
        assertTrue(denseText[1].contains("dense run"), denseText[1]);
        String[] missing = CliHarness.execute("analyze", dir.resolve("nope").toString());
        assertEquals("1", missing[0]);
        assertTrue(missing[2].contains("is not a directory"), missing[2]);
    }
}
