package org.moeworkbench.engine.config;

/**
 * Optimisation settings.
 *
 * @param optimizer      {@code adamw} or {@code sgd} (with momentum)
 * @param learningRate   peak learning rate (after warmup)
 * @param weightDecay    decoupled weight decay of all weights except norms, biases and (if MoE) experts
 * @param momentum       SGD momentum, or Adam beta1
 * @param epochs         passes over the training split
 * @param batchSize      images per step
 * @param warmupEpochs   linear warmup before the cosine schedule (may be fractional)
 * @param labelSmoothing label smoothing of the cross-entropy
 * @param dropPath       stochastic depth: maximum drop probability, growing linearly with depth
 * @param logEverySteps  metrics.jsonl gets a step line this often
 * @param routingEveryEpoch write a routing snapshot after every epoch (always written at the end)
 * @param analysisImages size of the fixed test subset whose routing is recorded
 */
public record TrainingConfig(
        Optimizer optimizer,
        double learningRate,
        double weightDecay,
        double momentum,
        int epochs,
        int batchSize,
        double warmupEpochs,
        double labelSmoothing,
        double dropPath,
        int logEverySteps,
        boolean routingEveryEpoch,
        int analysisImages) {

    /** The same training for {@code count} epochs (the schedule follows: warm-up and decay span the new length). */
    public TrainingConfig withEpochs(int count) {
        return new TrainingConfig(
                optimizer,
                learningRate,
                weightDecay,
                momentum,
                count,
                batchSize,
                warmupEpochs,
                labelSmoothing,
                dropPath,
                logEverySteps,
                routingEveryEpoch,
                analysisImages);
    }

    public TrainingConfig {
        ConfigChoice.require(optimizer, Optimizer.class, "training.optimizer");
        InvalidConfigException.require(learningRate > 0, "training.learningRate", learningRate, "a positive rate");
        InvalidConfigException.require(weightDecay >= 0, "training.weightDecay", weightDecay, "0 or more");
        InvalidConfigException.requireUnitInterval(momentum, "training.momentum", "momentum");
        InvalidConfigException.require(epochs >= 1, "training.epochs", epochs, "at least 1");
        InvalidConfigException.require(batchSize >= 1, "training.batchSize", batchSize, "at least 1");
        InvalidConfigException.require(warmupEpochs >= 0, "training.warmupEpochs", warmupEpochs, "0 or more");
        InvalidConfigException.requireUnitInterval(labelSmoothing, "training.labelSmoothing", "smoothing");
        InvalidConfigException.requireUnitInterval(dropPath, "training.dropPath", "probability");
        InvalidConfigException.require(logEverySteps >= 1, "training.logEverySteps", logEverySteps, "at least 1");
        InvalidConfigException.require(analysisImages >= 0, "training.analysisImages", analysisImages, "0 or more");
    }

    /** A few minutes on 2 CPU cores for the small presets on the sample data. */
    public static TrainingConfig quick() {
        return new TrainingConfig(Optimizer.ADAMW, 2e-3, 0.05, 0.9, 5, 128, 0.5, 0.1, 0.0, 10, true, 512);
    }
}
