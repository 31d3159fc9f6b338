package org.moeworkbench.app;

import java.util.List;
import org.moeworkbench.engine.config.AugmentConfig;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.TrainingConfig;

/** A real MoE ConvNeXt small enough that a test trains it in seconds (a handful of steps per epoch). */
public final class TinyConfigs {
    private TinyConfigs() {
    }

    public static ExperimentConfig tiny(String name, int epochs) {
        DataConfig data = new DataConfig("sample", "sample", 16, 200, 7, 0.1, "classes", "uniform", false);
        ModelConfig model = new ModelConfig("custom", "convnext", List.of(1, 1, 1, 1), List.of(8, 16, 32, 64), 2, 0,
                4.0, 7, "mean", 1e-6);
        MoeConfig moe = new MoeConfig(2, 1, "last2", List.of(), "linear", 8, 2.0, 0, 0.01, 0, false, 0.05);
        TrainingConfig training = new TrainingConfig("adamw", 3e-3, 0.05, 0.9, epochs, 32, 0.2, 0.1, 0, 1, true, 16);
        return new ExperimentConfig(name, 3, data, AugmentConfig.none(), model, moe, training);
    }
}
