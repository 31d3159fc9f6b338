package org.moeworkbench.engine.train;

import java.io.IOException;
import org.moeworkbench.engine.config.ExperimentConfig;

/** Opens the dataset a config names. */
@FunctionalInterface
public interface TrainingDataFactory {
    TrainingData open(ExperimentConfig config) throws IOException;
}
