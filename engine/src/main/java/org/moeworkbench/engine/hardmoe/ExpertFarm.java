package org.moeworkbench.engine.hardmoe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.moeworkbench.engine.train.CancellationToken;

/**
 * Trains a hard-MoE run's independent experts somewhere else, one task per expert, after the trunk and the clustering
 * ran here (Gross et al.: the experts are independent, so "training them in parallel is easy"). Each task calls
 * {@link HardMoeRunner#trainExpertTask}; the spark module's farm runs them as Spark tasks.
 */
public interface ExpertFarm {

    /** Where the experts train, for messages. */
    String where();

    /**
     * Trains {@code experts} of the run in {@code runDir} (its trunk and gater are written). Returns when every task has
     * ended; an expert that finished has landed whole in its expert directory, one that did not left nothing there.
     */
    void trainExperts(Path runDir, List<Integer> experts, CancellationToken cancel) throws IOException;
}
