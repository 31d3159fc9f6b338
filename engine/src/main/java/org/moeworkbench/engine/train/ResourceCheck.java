package org.moeworkbench.engine.train;

import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.moeworkbench.engine.layout.ResourceEstimate;

/**
 * Refuses, before a run directory is made or an array allocated, a training whose memory estimate
 * ({@link ResourceEstimate}) is above the process's memory cap, naming the estimate, the cap and the field to
 * change.
 */
public final class ResourceCheck {
    /** Class and channel counts assumed before the dataset is open; the head they size is a small part. */
    private static final int ASSUMED_CLASSES = 10;

    private static final int ASSUMED_CHANNELS = 3;

    private ResourceCheck() {}

    /** The estimate of {@code config}, with the dataset's class and channel counts not yet known. */
    public static ResourceEstimate estimate(ExperimentConfig config) {
        return estimate(config, ASSUMED_CLASSES, ASSUMED_CHANNELS);
    }

    public static ResourceEstimate estimate(ExperimentConfig config, int classes, int channels) {
        BackboneLayout layout = BackboneLayout.of(
                config.model(), config.moe(), classes, channels, config.data().imageSize());
        return ResourceEstimate.of(layout, config.training().batchSize());
    }

    /** @throws InvalidConfigException if the estimate is above the cap */
    public static void require(ExperimentConfig config, MemoryCap cap) {
        require(config, ASSUMED_CLASSES, ASSUMED_CHANNELS, cap);
    }

    public static void require(ExperimentConfig config, int classes, int channels, MemoryCap cap) {
        ResourceEstimate estimate = estimate(config, classes, channels);
        if (estimate.totalBytes() <= cap.limitBytes()) {
            return;
        }
        int batch = config.training().batchSize();
        boolean activations = estimate.activationBytes() > estimate.parameterBytes();
        String field = activations ? "training.batchSize" : "model.dims";
        Object value = activations ? batch : config.model().dims();
        throw new InvalidConfigException(
                field,
                value,
                "the training needs " + estimate.describe(batch) + ", more than the memory cap of "
                        + MemoryCap.gigabytes(cap.limitBytes()) + " (" + cap.source() + "); lower "
                        + (activations
                                ? "training.batchSize or data.imageSize"
                                : "model.dims, moe.experts or the expert size")
                        + ", or raise the cap with -D" + MemoryCap.PROPERTY + "=SIZE or " + MemoryCap.ENVIRONMENT);
    }
}
