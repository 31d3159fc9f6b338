package org.moeworkbench.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.config.Family;

class MeasuredSpeedsTest {

    private static final Throughput DENSE_SMALL =
            new Throughput(30e9, false, "dense small", Family.CONVNEXT, 10_000_000);
    private static final Throughput DENSE_LARGE =
            new Throughput(60e9, false, "dense large", Family.CONVNEXT, 200_000_000);
    private static final Throughput MOE_SMALL = new Throughput(10e9, true, "moe small", Family.CONVNEXT, 12_000_000);
    private static final Throughput VIT_MOE = new Throughput(5e9, true, "vit moe", Family.VIT, 15_000_000);

    private final MeasuredSpeeds speeds = new MeasuredSpeeds(List.of(DENSE_SMALL, DENSE_LARGE, MOE_SMALL, VIT_MOE));

    @Test
    void picksTheSameFamilyAndKindNearestInFlopsPerImage() {
        assertSame(DENSE_SMALL, speeds.forModel(Family.CONVNEXT, false, 20_000_000));
        assertSame(DENSE_LARGE, speeds.forModel(Family.CONVNEXT, false, 100_000_000));
        assertSame(MOE_SMALL, speeds.forModel(Family.CONVNEXT, true, 400_000_000), "the only MoE ConvNeXt run");
        assertSame(VIT_MOE, speeds.forModel(Family.VIT, true, 1_000_000));
    }

    @Test
    void fallsBackToTheOtherKindOfTheFamilyThenToTheFieldNotes() {
        Throughput dense = speeds.forModel(Family.VIT, false, 15_000_000);
        assertSame(VIT_MOE, dense);
        assertEquals(
                1e9 / (5e9 * Totals.MOE_SLOWDOWN),
                dense.seconds(1e9, false),
                1e-9,
                "a dense estimate from an MoE run removes the dispatch slowdown");
        assertSame(Throughput.FIELD_NOTES, speeds.forModel(Family.CONVNEXT_ISOTROPIC, true, 10_000_000));
        assertSame(Throughput.FIELD_NOTES, MeasuredSpeeds.NONE.forModel(Family.CONVNEXT, true, 10_000_000));
    }

    private static List<com.fasterxml.jackson.databind.JsonNode> lines(String... json) {
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        return java.util.Arrays.stream(json)
                .map(text -> {
                    try {
                        return mapper.readTree(text);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .toList();
    }

    @Test
    void theSpeedLeavesOutTheFirstEpochsWarmUp() {
        assertEquals(
                400,
                Throughput.warmImagesPerSecond(lines(
                        "{\"type\":\"epoch\",\"imagesPerSecond\":250}",
                        "{\"type\":\"epoch\",\"imagesPerSecond\":390}",
                        "{\"type\":\"epoch\",\"imagesPerSecond\":410}")),
                1e-9,
                "epochs after the first");
        assertEquals(
                420,
                Throughput.warmImagesPerSecond(lines(
                        "{\"type\":\"step\",\"imagesPerSecond\":150}",
                        "{\"type\":\"step\",\"imagesPerSecond\":300}",
                        "{\"type\":\"step\",\"imagesPerSecond\":430}",
                        "{\"type\":\"step\",\"imagesPerSecond\":410}",
                        "{\"type\":\"step\",\"imagesPerSecond\":420}",
                        "{\"type\":\"epoch\",\"imagesPerSecond\":218}")),
                1e-9,
                "a 1-epoch run: the median of its later steps");
        assertEquals(
                218,
                Throughput.warmImagesPerSecond(lines("{\"type\":\"epoch\",\"imagesPerSecond\":218}")),
                1e-9,
                "one epoch without step lines");
        assertTrue(Double.isNaN(Throughput.warmImagesPerSecond(lines("{\"type\":\"step\",\"imagesPerSecond\":1}"))));
    }
}
