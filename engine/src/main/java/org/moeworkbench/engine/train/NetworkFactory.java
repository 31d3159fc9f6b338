package org.moeworkbench.engine.train;

import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.model.Network;

/** Builds the (freshly initialised, seeded) network a config describes for a dataset. */
@FunctionalInterface
public interface NetworkFactory {
    Network build(ExperimentConfig config, TrainingData data);
}
