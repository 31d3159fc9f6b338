package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Router;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.run.CheckpointState;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.Provenance;
import org.moeworkbench.engine.run.RoutingStore;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;

/** {@code moe train} on the sample data with a tiny real MoE ConvNeXt: the loss falls and the run parses. */
class TrainEndToEndTest {
    @TempDir
    Path tmp;

    static ExperimentConfig tinyConfig() {
        ExperimentConfig base = ExperimentConfig.defaultSample();
        DataConfig data = new DataConfig("sample", "sample", 16, 300, 7, 0.1, Task.CLASSES, Sampling.UNIFORM, false);
        ModelConfig model = ModelConfig.convnext(List.of(1, 1, 1, 1), List.of(8, 16, 32, 64), 2, 4.0, 7, 1e-6);
        MoeConfig moe = new MoeConfig(2, 1, Placement.LAST2, List.of(), Router.LINEAR, 8, 2.0, 0, 0.01, 0, false, 0.05);
        TrainingConfig training = new TrainingConfig(Optimizer.ADAMW, 3e-3, 0.05, 0.9, 3, 32, 0.2, 0.1, 0, 4, true, 16);
        return new ExperimentConfig("e2e-tiny", 3, data, base.augment(), model, moe, training);
    }

    @Test
    void trainsOnTheSampleDataAndWritesACompleteRunDirectory() throws IOException {
        Path config = tmp.resolve("tiny.json");
        ConfigJson.write(config, tinyConfig());
        Path runs = tmp.resolve("runs");
        assertEquals(0, MoeCli.run("train", "--config", config.toString(), "--runs", runs.toString()));

        Path dir;
        try (Stream<Path> list = Files.list(runs)) {
            dir = list.findFirst().orElseThrow();
        }
        RunDirectory run = RunDirectory.open(dir);
        assertEquals(tinyConfig(), run.config());
        Provenance provenance = run.provenance();
        assertEquals(RunStatus.COMPLETED, provenance.status());
        assertEquals(64, provenance.datasetHash().length());
        assertTrue(
                provenance.environment().nd4jVersion().startsWith("1.0.0"),
                provenance.environment().toString());
        ModelSummary summary = ConfigJson.readAllowingNulls(run.modelFile(), ModelSummary.class);
        assertTrue(summary.params() > summary.paramsActive(), "MoE: more params than active per image");

        List<JsonNode> lines = MetricsLog.read(run.metricsFile());
        List<JsonNode> epochs = lines.stream()
                .filter(l -> l.get("type").asText().equals("epoch"))
                .toList();
        assertEquals(3, epochs.size());
        double first = epochs.get(0).get("trainLoss").asDouble();
        double last = epochs.get(2).get("trainLoss").asDouble();
        assertTrue(last < first, "training loss falls: epoch 1 " + first + ", epoch 3 " + last);
        assertEquals(2, epochs.get(2).get("expertLoad").size(), "one load row per MoE layer");
        assertEquals(
                1,
                lines.stream()
                        .filter(l -> l.get("type").asText().equals("test"))
                        .count());

        CheckpointState state = run.checkpoints().state().orElseThrow();
        assertEquals("epoch-003.ckpt", state.last().file());
        assertTrue(Files.exists(run.checkpoints().file(state.best().file())));

        RoutingStore routing = run.routing();
        assertEquals(16, routing.readAnalysis().indices().length);
        RoutingStore.SnapshotHeader header = routing.readHeader("final");
        assertEquals(2, header.layers().size());
        for (RoutingStore.LayerEntry layer : header.layers()) {
            Network.RoutingSnapshot snapshot = routing.readLayer(header, layer);
            assertEquals(16 * layer.tokensPerImage(), snapshot.experts().length);
            for (int r = 0; r < snapshot.experts().length; r++) {
                int e = snapshot.experts()[r][0];
                float g = snapshot.gates()[r][0];
                assertTrue(e >= 0 && e < 2 && g > 0 && g <= 1, "row " + r + ": expert " + e + " gate " + g);
            }
        }
        assertTrue(Files.exists(routing.dir().resolve("epoch-0001.json")));
    }
}
