package org.moeworkbench.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.model.Network.RoutingSnapshot;
import org.moeworkbench.engine.run.RoutingStore;
import org.moeworkbench.engine.run.RunDirectory;

class RunAnalysisTest {
    @TempDir
    Path dir;

    @Test
    void flatReaderAgreesWithRoutingStoreReadLayer() throws Exception {
        Path run = SyntheticRun.write(dir.resolve("r"), new SyntheticRun.Spec(7, 9, 3, 5, 2, 3, 0.4, 10, 5, 9));
        RoutingStore store = RunDirectory.open(run).routing();
        RoutingData data = RoutingData.read(store, "final");
        RoutingStore.SnapshotHeader header = store.readHeader("final");
        for (int l = 0; l < 3; l++) {
            RoutingSnapshot expected = store.readLayer(header, header.layers().get(l));
            RoutingData.Layer layer = data.layers().get(l);
            for (int r = 0; r < expected.experts().length; r++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(expected.experts()[r][j], layer.chosen()[r * 2 + j]);
                    assertEquals(expected.gates()[r][j], layer.gates()[r * 2 + j]);
                    assertEquals(expected.dropped()[r][j], layer.dropped()[r * 2 + j] != 0);
                }
            }
        }
    }

    @Test
    void analysisOfAHandWrittenSnapshot() throws Exception {
        Path run = SyntheticRun.write(dir.resolve("hand"), SyntheticRun.Spec.small(0));
        RoutingStore store = RunDirectory.open(run).routing();
        store.writeAnalysis(new RoutingStore.AnalysisSubset("test", 1, new int[] {0, 1, 2}, new int[] {0, 1, 1}));
        int[][] experts = {{0}, {0}, {1}, {1}, {0}, {0}, {0}, {2}, {1}, {1}, {1}, {1}};
        float[][] gates = new float[12][1];
        boolean[][] dropped = new boolean[12][1];
        dropped[7][0] = true;
        store.write(3, true, 3, 3, List.of(new RoutingSnapshot(6, 4, 0, experts, gates, dropped)));
        RunAnalysis analysis = RunAnalysis.of(run);
        assertEquals("final", analysis.snapshot());
        assertEquals(3, analysis.epoch());
        assertEquals(2, analysis.classes());
        LayerAnalysis layer = analysis.layers().get(0);
        assertEquals(6, layer.layer());
        assertArrayEquals(new double[] {5 / 12.0, 6 / 12.0, 1 / 12.0}, layer.load(), 1e-12);
        assertEquals(5 / 3.0, layer.expertsPerImageMean(), 1e-12);
        assertEquals(1 / 12.0, layer.droppedShare(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 1}, layer.droppedPerExpert(), 1e-12);
        assertEquals(0.25, layer.jaccard()[0][2], 1e-12);
        assertArrayEquals(new long[] {2, 3}, layer.expertClassCounts()[0]);
        assertEquals(12 / 5.0, layer.patchesPerExpertMean(), 1e-12);
    }

    /**
     * A ViT with class-token pooling routes its class token too, as token 0 of each image: it is kept apart, so a
     * 2 x 2 grid is 4 patches (not 5) and no patch statistic counts the class token; old headers without the
     * {@code classTokens} field read the same.
     */
    @Test
    void theClassTokenIsAnalysedApartFromThePatches() throws Exception {
        Path run = SyntheticRun.write(dir.resolve("vit"), SyntheticRun.Spec.small(0));
        RoutingStore store = RunDirectory.open(run).routing();
        store.writeAnalysis(new RoutingStore.AnalysisSubset("test", 1, new int[] {0, 1}, new int[] {0, 1}));
        // per image: the class token to expert 2, then four patches to experts 0 and 1
        int[][] experts = {{2}, {0}, {0}, {1}, {1}, {2}, {1}, {1}, {1}, {0}};
        store.write(
                1, true, 2, 3, List.of(new RoutingSnapshot(3, 5, 1, experts, new float[10][1], new boolean[10][1])));
        for (boolean oldHeader : new boolean[] {false, true}) {
            if (oldHeader) { // as written before the field existed
                Path header = store.dir().resolve("final.json");
                String json = java.nio.file.Files.readString(header);
                java.nio.file.Files.writeString(header, json.replaceAll("\\s*\"classTokens\"\\s*:\\s*1,", ""));
                assertTrue(!java.nio.file.Files.readString(header).contains("classTokens"), "the field was removed");
            }
            RoutingData.Layer layer = RoutingData.read(store, "final").layers().get(0);
            assertEquals(4, layer.tokensPerImage(), "patches only");
            assertArrayEquals(new int[] {0, 0, 1, 1, 1, 1, 1, 0}, layer.chosen());
            assertArrayEquals(new int[] {2, 2}, layer.classToken().chosen());
            LayerAnalysis analysis = RunAnalysis.of(run).layers().get(0);
            assertArrayEquals(new double[] {3 / 8.0, 5 / 8.0, 0}, analysis.load(), 1e-12, "no patch went to expert 2");
            assertArrayEquals(new double[] {0, 0, 1}, analysis.classTokenLoad(), 1e-12);
            assertEquals(2.0, analysis.expertsPerImageMean(), 1e-12, "experts 0 and 1 in each image");
        }
    }

    @Test
    void summariesGainsAndAJsonWithoutNan() throws Exception {
        SyntheticRun.write(dir.resolve("dense"), new SyntheticRun.Spec(5, 4, 1, 0, 1, 2, 0.60, 100, 100, 1));
        SyntheticRun.write(dir.resolve("moe"), new SyntheticRun.Spec(5, 4, 1, 4, 1, 2, 0.65, 300, 110, 1));
        List<String> problems = new ArrayList<>();
        List<RunSummary> runs = RunSummary.scan(dir, problems);
        assertEquals(List.of(), problems);
        assertEquals(2, runs.size());
        List<MoeGain> gains = MoeGain.of(runs);
        assertEquals(1, gains.size());
        assertEquals(0.05, gains.get(0).gain(), 1e-12);
        assertEquals(0.60, gains.get(0).denseAccuracy(), 1e-12);
        RunAnalysis dense = RunAnalysis.of(dir.resolve("dense"));
        assertTrue(dense.layers().isEmpty());
        String json = AnalysisJson.write(new TrainingCurves(
                new long[0],
                new double[0],
                new double[0],
                new double[0],
                new int[] {1},
                new long[] {5},
                new double[] {1},
                new double[] {Double.NaN},
                new double[] {Double.NaN},
                Double.NaN,
                Double.NaN,
                List.of(),
                List.of()));
        assertTrue(!json.contains("NaN") && json.contains("null"), json);
    }

    @Test
    void healthCurvesAndAlarmsAreReadPerLayerFromTheMetricsLines(@TempDir Path dir) throws IOException {
        Path metrics = dir.resolve("metrics.jsonl");
        Files.writeString(
                metrics,
                String.join(
                        "\n",
                        "{\"type\":\"step\",\"step\":10,\"health\":[{\"block\":4,\"maxShare\":0.5,\"cv\":0.1,"
                                + "\"effectiveExperts\":3.9,\"gateEntropy\":1.2,\"dropRate\":0,\"routerZ\":null},"
                                + "{\"block\":5,\"maxShare\":0.95,\"cv\":1.8,\"effectiveExperts\":1.2}]}",
                        "{\"type\":\"step\",\"step\":20,\"health\":[{\"block\":4,\"maxShare\":0.6},"
                                + "{\"block\":5,\"maxShare\":0.97}]}",
                        "{\"type\":\"alarm\",\"kind\":\"collapse\",\"block\":5,\"expert\":2,\"share\":0.97,"
                                + "\"step\":20,\"epoch\":1,\"message\":\"routing collapse in block 5\"}",
                        "{\"type\":\"epoch\",\"epoch\":1,\"step\":20,\"health\":[{\"block\":4,\"maxShare\":0.55,"
                                + "\"deadExperts\":0},{\"block\":5,\"maxShare\":0.96,\"deadExperts\":2}]}",
                        ""));

        TrainingCurves curves = TrainingCurves.read(metrics);

        assertEquals(2, curves.health().size());
        HealthCurve collapsed = curves.health().get(1);
        assertEquals(5, collapsed.block());
        assertArrayEquals(new long[] {10, 20}, collapsed.steps());
        assertArrayEquals(new double[] {0.95, 0.97}, collapsed.maxShare(), 1e-12);
        assertArrayEquals(new int[] {2}, collapsed.epochDeadExperts());
        assertTrue(Double.isNaN(curves.health().get(0).routerZ()[0]), "null reads as NaN");
        assertTrue(Double.isNaN(curves.health().get(0).cv()[1]), "absent reads as NaN");
        assertEquals(1, curves.alarms().size());
        assertEquals("collapse", curves.alarms().get(0).kind());
        assertEquals(2, curves.alarms().get(0).expert());
        String json = AnalysisJson.write(curves);
        assertTrue(json.contains("\"alarms\"") && json.contains("\"epochDeadExperts\""), json);
    }
}
