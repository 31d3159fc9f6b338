package org.moeworkbench.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.MoePlacement;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Router;
import org.moeworkbench.engine.config.Stem;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.moeworkbench.engine.layout.ModelPresets;
import org.moeworkbench.engine.layout.ModelSizer;
import org.moeworkbench.engine.layout.ModelSummary;

class ModelSizerTest {

    private static ModelSummary summary(String preset, MoeConfig moe, int classes) {
        ModelPresets.Preset p = ModelPresets.preset(preset);
        return ModelSizer.summarize(BackboneLayout.of(p.config(), moe, classes, 3, p.imageSize()));
    }

    @Test
    void densePaperPresetsMatchThePublishedCountsWithinHalfAPercent() {
        Map<String, Double> published = Map.of(
                "convnext-t",
                28.59e6,
                "convnext-s",
                50.22e6,
                "convnext-b",
                88.59e6,
                "vit-s16",
                22.05e6,
                "vit-b16",
                86.57e6);
        published.forEach((preset, expected) -> {
            long params = summary(preset, MoeConfig.dense(), 1000).params();
            assertEquals(expected, params, expected * 0.005, preset);
        });
    }

    @Test
    void convnextTinyAndVitSmallCountExactly() { // timm's convnext_tiny and vit_small_patch16_224
        assertEquals(28_589_128L, summary("convnext-t", MoeConfig.dense(), 1000).params());
        assertEquals(22_050_664L, summary("vit-s16", MoeConfig.dense(), 1000).params());
    }

    /** The counts that shared/bench/reference_model.py prints for its four configs (PyTorch 1.13). */
    @Test
    void benchmarkConfigsCountWhatThePyTorchTwinCounts() {
        record Expected(int experts, int k, long params, long active) {}
        for (Expected e : List.of(
                new Expected(8, 2, 10_564_946, 4_406_546),
                new Expected(0, 1, 3_376_290, 3_376_290),
                new Expected(2, 1, 4_403_654, 3_377_254),
                new Expected(16, 1, 18_780_002, 3_384_002))) {
            ModelSummary s = summary("convnext-atto-32", ReferenceBenchmark.moeConfig(e.experts(), e.k()), 10);
            assertEquals(e.params(), s.params(), "params E=" + e.experts());
            assertEquals(e.active(), s.paramsActive(), "active params E=" + e.experts());
        }
    }

    @Test
    void convnextTinyFlopsAreThePublished4Point5G() {
        double flops = summary("convnext-t", MoeConfig.dense(), 1000).flopsPerImage();
        assertEquals(8.9e9, flops, 0.2e9); // 4.5 GMACs (the papers' "FLOPs") = 8.9e9 multiply-adds x 2
    }

    @Test
    void placementsPickThePaperBlocks() {
        ModelConfig t = ModelPresets.get("convnext-t"); // depths 3, 3, 9, 3: stage ends 2, 5, 14, 17
        assertEquals(Set.of(14, 17), MoePlacement.resolve(t, TinyModels.moe(8, 1, "last2")));
        assertEquals(Set.of(10, 14, 17), MoePlacement.resolve(t, TinyModels.moe(8, 1, "last3")));
        assertEquals(Set.of(2, 5, 14, 17), MoePlacement.resolve(t, TinyModels.moe(8, 1, "stage")));
        assertEquals(9, MoePlacement.resolve(t, TinyModels.moe(8, 1, "every2")).size());
        ModelConfig vit = ModelPresets.get("vit-s16");
        assertEquals(Set.of(10, 11), MoePlacement.resolve(vit, TinyModels.moe(8, 1, "last2")));
        assertEquals(Set.of(1, 3, 5, 7, 9, 11), MoePlacement.resolve(vit, TinyModels.moe(8, 1, "every2")));
        MoeConfig explicit =
                new MoeConfig(4, 1, Placement.BLOCKS, List.of(0, 12), Router.LINEAR, 8, 4, 0, 0.01, 0, false, 0);
        InvalidConfigException e =
                assertThrows(InvalidConfigException.class, () -> MoePlacement.resolve(vit, explicit));
        assertEquals("moe.blocks", e.field());
        assertTrue(e.getMessage().contains("0 to 11"), e.getMessage());
    }

    @Test
    void sweetSpotConvNextT8Last2IsSeventyMillion() { // Sweet Spot Table 3: ConvNeXt-T-8 Last 2 Top 1, 70.0M / 28.6M
        ModelSummary s = summary(
                "convnext-t",
                new MoeConfig(8, 1, Placement.LAST2, List.of(), Router.LINEAR, 32, 4, 0, 0.01, 0, false, 0),
                1000);
        assertEquals(70.0e6, s.params(), 0.2e6);
        assertEquals(28.6e6, s.paramsActive(), 0.1e6);
    }

    @Test
    void imageSizesThePatchDoesNotDivideAreRefused() {
        InvalidConfigException e = assertThrows(
                InvalidConfigException.class,
                () -> BackboneLayout.of(ModelPresets.get("vit-micro-32"), MoeConfig.dense(), 10, 3, 30));
        assertEquals(
                "model.patchSize", e.field(), "the same field as config validation names (ModelConfig.checkImageSize)");
    }

    @Test
    void analyticalCountsEqualTheBuiltGraphsTrainableParameters() {
        List<MoeConfig> moes = List.of(
                MoeConfig.dense(),
                TinyModels.moe(3, 2, "last2"),
                new MoeConfig(4, 1, Placement.EVERY2, List.of(), Router.COSINE, 5, 1.5, 0.5, 0.01, 1.0, true, 0.1),
                new MoeConfig(2, 1, Placement.STAGE, List.of(), Router.L2, 3, 1.0, 0, 0.01, 0, false, 0));
        for (ModelConfig model : List.of(
                TinyModels.convnext(),
                TinyModels.convnext().withStem(Stem.CONV),
                TinyModels.isotropic(),
                TinyModels.isotropic().withStem(Stem.CONV),
                TinyModels.vit("cls"),
                TinyModels.vit("mean"))) {
            for (MoeConfig moe : moes) {
                SameDiffNetwork net =
                        (SameDiffNetwork) NetworkBuilder.build(model, moe, 5, 3, 16, 1, OptimizerSettings.adamW(0.05));
                long built = net.paramGroups().keySet().stream()
                        .mapToLong(n -> net.sameDiff().getVariable(n).getArr().length())
                        .sum();
                long trainable = net.sameDiff().variables().stream()
                        .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE)
                        .mapToLong(v -> v.getArr().length())
                        .sum();
                String what = model.family() + "/" + model.pooling() + "/" + model.stem() + " " + moe.placement() + " "
                        + moe.router();
                assertEquals(trainable, built, what + ": every trainable variable is optimised");
                assertEquals(built, net.summary().params(), what);
            }
        }
    }
}
