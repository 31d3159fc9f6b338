package org.moeworkbench.app.designer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.runs.Totals;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.moeworkbench.engine.layout.ModelSizer;
import org.moeworkbench.engine.layout.ModelSummary;

class DesignerModelTest {
    @TempDir
    Path tmp;

    @Test
    void theDataLineFollowsTheSampleSizeAndTheEpochTimeWithIt() {
        DesignerModel model = new DesignerModel();
        double secondsAt20000 = model.totals().get().secondsPerEpoch();
        model.value("data.sampleImages").set("3000");
        assertTrue(
                model.dataShape()
                        .get()
                        .description()
                        .startsWith(
                                "sample data: 3,000 generated 64x64 images (2,160 train, 240 validation, 600 test)"),
                model.dataShape().get().description());
        assertTrue(
                model.totals().get().secondsPerEpoch() < secondsAt20000 / 5,
                "an epoch of 3,000 images is estimated shorter than one of 20,000");
    }

    @Test
    void opensOnTheDefaultSampleConfigWithTheEnginesTotals() {
        DesignerModel model = new DesignerModel();
        ExperimentConfig expected = ExperimentConfig.defaultSample();
        assertEquals(expected, model.config().get());
        assertTrue(model.valid());
        ModelSummary summary = ModelSizer.summarize(BackboneLayout.of(
                expected.model(), expected.moe(), 10, 3, expected.data().imageSize()));
        assertEquals(summary.params(), model.totals().get().params());
        assertEquals(summary.paramsActive(), model.totals().get().paramsActive());
        assertEquals(summary.flopsPerImage(), model.totals().get().flopsPerImage());
        assertTrue(
                model.totals().get().memoryBytes() > 0 && model.totals().get().secondsPerEpoch() > 0);
    }

    @Test
    void anInvalidValueIsMarkedAtItsFieldWithTheEnginesReason() {
        DesignerModel model = new DesignerModel();
        model.value("moe.topK").set("9");
        assertNull(model.config().get());
        assertFalse(model.valid());
        assertEquals(
                "moe.topK = 9 is not allowed: 1 <= topK <= experts (4)",
                model.errors().get("moe.topK"));
        model.value("moe.topK").set("2");
        assertTrue(model.errors().isEmpty());
        assertEquals(2, model.config().get().moe().topK());
    }

    @Test
    void textThatIsNotANumberIsRefusedBeforeTheEngineSeesIt() {
        DesignerModel model = new DesignerModel();
        model.value("training.epochs").set("five");
        assertEquals(
                "training.epochs = \"five\" is not allowed: a whole number",
                model.errors().get("training.epochs"));
        model.value("moe.blocks").set("1, x");
        assertTrue(model.errors().get("moe.blocks").contains("whole numbers separated by commas"));
    }

    @Test
    void ruleSpanningTwoSectionsLandsOnTheFieldTheEngineNames() {
        DesignerModel model = new DesignerModel();
        model.value("data.imageSize").set("8");
        assertTrue(model.errors().containsKey("data.imageSize"), model.errors().toString());
        assertTrue(model.errors().get("data.imageSize").contains("hierarchical ConvNeXt"));
    }

    @Test
    void placementPresetsAndBlockTogglesFillTheDiagram() {
        DesignerModel model = new DesignerModel();
        assertEquals(List.of(4, 5), moeBlocks(model));
        model.applyPlacement("every2");
        assertEquals(List.of(1, 3, 5), moeBlocks(model));
        model.applyPlacement("stage");
        assertEquals(List.of(0, 1, 4, 5), moeBlocks(model));
        model.toggleBlock(0);
        assertEquals("blocks", model.value("moe.placement").get());
        assertEquals(List.of(1, 4, 5), moeBlocks(model));
        assertEquals(List.of(1, 4, 5), model.config().get().moe().blocks());
        model.toggleBlock(2);
        assertEquals(List.of(1, 2, 4, 5), moeBlocks(model));
    }

    @Test
    void moreExpertsRaiseParamsButNotActiveParams() {
        DesignerModel model = new DesignerModel();
        Totals four = model.totals().get();
        model.value("moe.experts").set("8");
        Totals eight = model.totals().get();
        assertTrue(eight.params() > four.params());
        assertTrue(
                eight.paramsActive() - four.paramsActive() < (eight.params() - four.params()) / 10,
                "only the router's few weights per expert add to the active params");
        model.value("moe.topK").set("2");
        assertTrue(model.totals().get().paramsActive() > eight.paramsActive());
    }

    @Test
    void presetFillsTheBackboneAndImageSize() {
        DesignerModel model = new DesignerModel();
        model.value("model.preset").set("vit-micro-32");
        assertEquals("vit", model.value("model.family").get());
        assertEquals("32", model.value("data.imageSize").get());
        assertNotNull(model.config().get(), model.describeErrors());
        assertEquals(6, model.layout().get().blocks().size());
    }

    @Test
    void savesAndOpensConfigsAsTheEnginesJson() throws Exception {
        DesignerModel model = new DesignerModel();
        model.value("moe.experts").set("8");
        model.value("name").set("eight-experts");
        Path file = tmp.resolve("c.json");
        model.save(file);
        DesignerModel other = new DesignerModel();
        other.open(file);
        assertEquals(model.config().get(), other.config().get());
        assertEquals(8, ExperimentConfig.class.cast(other.config().get()).moe().experts());

        Files.writeString(tmp.resolve("bad.json"), "{\"name\": 3}");
        assertThrows(ConfigFileException.class, () -> other.open(tmp.resolve("bad.json")));
        assertEquals(model.config().get(), other.config().get(), "a bad file leaves the form as it was");
    }

    private static List<Integer> moeBlocks(DesignerModel model) {
        return model.layout().get().moeBlocks().stream()
                .map(BackboneLayout.Block::index)
                .toList();
    }
}
