package org.moeworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.moeworkbench.cli.MoeCli;
import org.moeworkbench.engine.config.AugmentConfig;
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

/** A real MoE ConvNeXt small enough that a test trains it in seconds (a handful of steps per epoch). */
public final class TinyConfigs {
    private TinyConfigs() {}

    /** Trains each config into {@code runs} with {@code moe train}, as a user would, and checks it completed. */
    public static void trainWithTheCli(Path runs, ExperimentConfig... configs) throws IOException {
        for (ExperimentConfig config : configs) {
            Path file = Files.createTempFile(config.name(), ".json");
            try {
                ConfigJson.write(file, config);
                assertEquals(0, MoeCli.run("train", "--config", file.toString(), "--runs", runs.toString(), "--plain"));
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    public static ExperimentConfig tiny(String name, int epochs) {
        DataConfig data = new DataConfig("sample", "sample", 16, 200, 7, 0.1, Task.CLASSES, Sampling.UNIFORM, false);
        ModelConfig model = ModelConfig.convnext(List.of(1, 1, 1, 1), List.of(8, 16, 32, 64), 2, 4.0, 7, 1e-6);
        MoeConfig moe = new MoeConfig(2, 1, Placement.LAST2, List.of(), Router.LINEAR, 8, 2.0, 0, 0.01, 0, false, 0.05);
        TrainingConfig training =
                new TrainingConfig(Optimizer.ADAMW, 3e-3, 0.05, 0.9, epochs, 32, 0.2, 0.1, 0, 1, true, 16);
        return new ExperimentConfig(name, 3, data, AugmentConfig.none(), model, moe, training);
    }

    /** {@link #tiny} without MoE layers (its dense twin: same data, model, training and seed). */
    public static ExperimentConfig tinyDense(String name, int epochs) {
        ExperimentConfig moe = tiny(name, epochs);
        return new ExperimentConfig(
                name, moe.seed(), moe.data(), moe.augment(), moe.model(), MoeConfig.dense(), moe.training());
    }

    /**
     * {@link #tiny} with a collapse alarm that a 2-expert layer always trips: a share over {@code share} (below 0.5,
     * which the busier of two experts always has) for {@code steps} steps.
     */
    public static ExperimentConfig tinyWithAlarm(String name, int epochs, double share, int steps) {
        ExperimentConfig base = tiny(name, epochs);
        MoeConfig m = base.moe();
        MoeConfig moe = new MoeConfig(
                m.experts(),
                m.topK(),
                m.placement(),
                m.blocks(),
                m.router(),
                m.routerDim(),
                m.expertMlpRatio(),
                m.routerNoise(),
                m.balanceWeight(),
                m.capacityFactor(),
                m.batchPrioritized(),
                m.expertWeightDecay(),
                share,
                steps,
                m.routerLearningRateScale());
        return new ExperimentConfig(name, base.seed(), base.data(), base.augment(), base.model(), moe, base.training());
    }
}
