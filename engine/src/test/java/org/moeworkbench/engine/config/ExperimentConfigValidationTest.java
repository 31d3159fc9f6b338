package org.moeworkbench.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Each impossible config the issue names is refused with a message naming field, value and what is allowed. */
class ExperimentConfigValidationTest {
    private final ExperimentConfig base = ExperimentConfig.defaultSample();

    private static InvalidConfigException refused(Supplier<?> make) {
        return assertThrows(InvalidConfigException.class, make::get);
    }

    private static void assertMessage(InvalidConfigException e, String field, String value, String allowed) {
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith(field + " = " + value + " is not allowed: "), e.getMessage());
        assertTrue(e.getMessage().contains(allowed), e.getMessage());
    }

    private static MoeConfig moe(int experts, int topK, String placement, List<Integer> blocks, String router) {
        return new MoeConfig(
                experts,
                topK,
                ConfigChoice.parse(Placement.class, placement),
                blocks,
                ConfigChoice.parse(Router.class, router),
                32,
                4.0,
                0,
                0.01,
                0,
                false,
                0.05);
    }

    private ExperimentConfig with(MoeConfig moe) {
        return new ExperimentConfig("x", 1, base.data(), base.augment(), base.model(), moe, base.training());
    }

    @Test
    void topKAboveTheExpertCount() {
        assertMessage(
                refused(() -> moe(4, 5, "last2", List.of(), "linear")), "moe.topK", "5", "1 <= topK <= experts (4)");
    }

    @Test
    void expertCountBelowOne() {
        assertMessage(
                refused(() -> moe(-1, 1, "last2", List.of(), "linear")),
                "moe.experts",
                "-1",
                "0 (dense) or 1 to 1024 experts");
    }

    @Test
    void placementNamingABlockThatDoesNotExist() {
        assertMessage(
                refused(() -> with(moe(4, 1, "blocks", List.of(2, 6), "linear"))),
                "moe.blocks[1]",
                "6",
                "a block index from 0 to 5 (the model has 6 blocks)");
    }

    @Test
    void placementThatChoosesNoBlock() {
        ModelConfig oneBlockVit =
                new ModelConfig("custom", Family.VIT, List.of(1), List.of(64), 4, 2, 4.0, 0, Pooling.MEAN, 0);
        assertMessage(
                refused(() -> new ExperimentConfig(
                        "x",
                        1,
                        base.data(),
                        base.augment(),
                        oneBlockVit,
                        moe(4, 1, "every2", List.of(), "linear"),
                        base.training())),
                "moe.placement",
                "every2",
                "at least one of the model's 1 blocks");
    }

    @Test
    void imageSizeThePatchSizeDoesNotDivide() {
        ModelConfig vit = new ModelConfig("custom", Family.VIT, List.of(4), List.of(64), 5, 2, 4.0, 0, Pooling.MEAN, 0);
        assertMessage(
                refused(() -> new ExperimentConfig(
                        "x", 1, base.data(), base.augment(), vit, MoeConfig.dense(), base.training())),
                "model.patchSize",
                "5",
                "a divisor of data.imageSize 64");
    }

    @Test
    void hierarchicalConvNextNeedsAStemGridThatHalvesThreeTimes() {
        ModelConfig convnext = ModelConfig.convnext(List.of(1, 1, 1, 1), List.of(8, 16, 32, 64), 4, 4.0, 7, 1e-6);
        for (int size : new int[] {24, 40}) {
            DataConfig data =
                    new DataConfig("sample", "sample", size, 1000, 1, 0.1, Task.CLASSES, Sampling.UNIFORM, false);
            InvalidConfigException config = refused(() ->
                    new ExperimentConfig("x", 1, data, base.augment(), convnext, MoeConfig.dense(), base.training()));
            assertMessage(config, "data.imageSize", String.valueOf(size), "a multiple of 8 x model.patchSize (32)");
            InvalidConfigException layout = refused(
                    () -> org.moeworkbench.engine.layout.BackboneLayout.of(convnext, MoeConfig.dense(), 10, 3, size));
            assertEquals(config.getMessage(), layout.getMessage(), "one rule: the config and the layout agree");
        }
        DataConfig data64 = new DataConfig("sample", "sample", 64, 1000, 1, 0.1, Task.CLASSES, Sampling.UNIFORM, false);
        new ExperimentConfig("x", 1, data64, base.augment(), convnext, MoeConfig.dense(), base.training());
    }

    @Test
    void theConvolutionalStemIsAConvNextOptionAndAnAbsentStemReadsAsPatch() throws Exception {
        assertMessage(
                refused(() -> new ModelConfig(
                        "custom", Family.VIT, List.of(2), List.of(8), 4, 2, 2.0, 0, Pooling.MEAN, 0, Stem.CONV)),
                "model.stem",
                "conv",
                "\"patch\" for a ViT");
        String json = ConfigJson.toJson(base);
        assertTrue(json.contains("\"stem\" : \"patch\""), json);
        String older = json.replaceAll(",\\s*\"stem\" : \"patch\"", "");
        assertTrue(!older.contains("stem"), older);
        assertEquals(
                base,
                ConfigJson.parse(older, ExperimentConfig.class, "old"),
                "a config written before" + " model.stem existed reads as the patch stem it ran with");
    }

    @Test
    void unknownRouter() {
        assertMessage(
                refused(() -> moe(4, 1, "last2", List.of(), "hash")),
                "moe.router",
                "hash",
                "one of [linear, cosine, l2]");
    }

    @Test
    void negativeRates() {
        assertMessage(
                refused(() -> new TrainingConfig(Optimizer.ADAMW, -0.1, 0.05, 0.9, 5, 128, 0.5, 0.1, 0, 10, true, 10)),
                "training.learningRate",
                "-0.1",
                "a positive rate");
        assertMessage(
                refused(() -> new TrainingConfig(Optimizer.ADAMW, 0.1, -0.05, 0.9, 5, 128, 0.5, 0.1, 0, 10, true, 10)),
                "training.weightDecay",
                "-0.05",
                "0 or more");
        assertMessage(
                refused(() -> new MoeConfig(
                        4, 1, Placement.LAST2, List.of(), Router.LINEAR, 32, 4.0, 0, -0.01, 0, false, 0.05)),
                "moe.balanceWeight",
                "-0.01",
                "0 or more");
    }

    @Test
    void badName() {
        assertMessage(refused(() -> base.withName("my run/1")), "name", "my run/1", "letters, digits");
    }

    @Test
    void defaultSampleIsValidWithMoeInTheLastBlockOfTheLastTwoStages() {
        assertEquals(List.of(4, 5), base.moeBlocks());
        assertEquals(4, base.moe().experts());
    }
}
