package org.moeworkbench.engine.hardmoe;

import java.util.List;
import org.moeworkbench.engine.config.AugmentConfig;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.Pooling;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.config.TrainingConfig;

/** Hard MoEs the tests of every module train in seconds. */
public final class TinyHardMoe {
    private TinyHardMoe() {}

    /** 300 sample images of 16x16 with tags, a one-block width-8 trunk, one expert epoch, K as given. */
    public static HardMoeConfig onSample(String name, int trunkEpochs, List<Integer> clusters) {
        DataConfig data = new DataConfig("sample", "sample", 16, 300, 7, 0.1, Task.TAGS, Sampling.PER_TAG, false);
        ModelConfig model = new ModelConfig(
                "custom", Family.CONVNEXT_ISOTROPIC, List.of(1), List.of(8), 4, 0, 2.0, 3, Pooling.MEAN, 1e-6);
        TrainingConfig training =
                new TrainingConfig(Optimizer.ADAMW, 3e-3, 0.05, 0.9, trunkEpochs, 32, 0.0, 0.0, 0, 1, false, 0);
        return new HardMoeConfig(
                name,
                5,
                data,
                AugmentConfig.none(),
                model,
                training,
                8,
                clusters,
                20,
                "trunk",
                "independent",
                1,
                1e-3,
                1,
                0,
                200,
                1,
                "global",
                0,
                0);
    }
}
