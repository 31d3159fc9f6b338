package org.moeworkbench.app.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.TinyConfigs;
import org.moeworkbench.app.runs.RunsBrowserModel;
import org.moeworkbench.cli.MoeCli;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.hardmoe.TinyHardMoe;

/** The Compare view's hard-vs-soft routing: offered for one hard MoE with sparse MoEs, on real tiny runs. */
class CompareModelTest {
    @TempDir
    static Path runs;

    @BeforeAll
    static void trainAHardAndASparseMoe() throws IOException {
        var tiny = TinyConfigs.tiny("compare-sparse", 1);
        var sameImages = new org.moeworkbench.engine.config.DataConfig( // the hard MoE's 300 sample images
                "sample",
                "sample",
                16,
                300,
                7,
                0.1,
                org.moeworkbench.engine.config.Task.CLASSES,
                org.moeworkbench.engine.config.Sampling.UNIFORM,
                false);
        TinyConfigs.trainWithTheCli(
                runs,
                new org.moeworkbench.engine.config.ExperimentConfig(
                        tiny.name(),
                        tiny.seed(),
                        sameImages,
                        tiny.augment(),
                        tiny.model(),
                        tiny.moe(),
                        tiny.training()));
        Path config = Files.createTempFile("hard", ".json");
        ConfigJson.write(config, TinyHardMoe.onSample("compare-hard", 1, List.of(2)));
        assertEquals(0, MoeCli.run("train", "--config", config.toString(), "--runs", runs.toString(), "--plain"));
        Files.delete(config);
    }

    @Test
    void oneHardMoeAndASparseMoeAreComparedLayerByLayer() throws IOException {
        List<RunSummary> all = RunsBrowserModel.scan(runs); // the hard MoE is two rows: mixture and trunk
        List<CompareModel.RoutingComparison> comparisons = CompareModel.routingComparisons(all);
        assertEquals(1, comparisons.size(), comparisons.toString());
        CompareModel.RoutingComparison c = comparisons.get(0);
        assertEquals("", c.problem());
        assertNotNull(c.agreement());
        assertEquals(2, c.agreement().clusters());
        assertEquals(2, c.agreement().layers().size(), "the tiny sparse model's two MoE layers");
    }

    @Test
    void nothingToCompareWithoutBothKinds() throws IOException {
        List<RunSummary> sparseOnly = new ArrayList<>(RunsBrowserModel.scan(runs));
        sparseOnly.removeIf(RunSummary::hardMoe);
        assertTrue(CompareModel.routingComparisons(sparseOnly).isEmpty());
    }
}
