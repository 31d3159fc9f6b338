package org.moeworkbench.engine.model;

import org.moeworkbench.engine.config.ConfigChoice;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.TrainingConfig;

/**
 * What the network's optimiser and regularisers need; the learning rate comes with each step.
 *
 * @param optimizer         {@code adamw} or {@code sgd} (with momentum)
 * @param weightDecay       decoupled weight decay of {@link ParamGroup#DECAYED} parameters
 * @param expertWeightDecay decoupled weight decay of {@link ParamGroup#EXPERT} parameters
 * @param momentum          SGD momentum, or Adam beta1
 * @param beta2             Adam beta2
 * @param dropPath          stochastic depth: drop probability of the last block (linear in depth from 0)
 * @param routerLearningRateScale the routers' learning rate as a multiple of the step's rate
 */
public record OptimizerSettings(
        Optimizer optimizer,
        double weightDecay,
        double expertWeightDecay,
        double momentum,
        double beta2,
        double dropPath,
        double routerLearningRateScale) {

    /** Routers at the same learning rate as the rest. */
    public OptimizerSettings(
            Optimizer optimizer,
            double weightDecay,
            double expertWeightDecay,
            double momentum,
            double beta2,
            double dropPath) {
        this(optimizer, weightDecay, expertWeightDecay, momentum, beta2, dropPath, 1.0);
    }

    public OptimizerSettings {
        if (optimizer == null) {
            throw new InvalidConfigException(
                    "training.optimizer", null, "one of " + ConfigChoice.names(Optimizer.class));
        }
        if (weightDecay < 0 || expertWeightDecay < 0) {
            throw new InvalidConfigException(
                    "training.weightDecay", weightDecay + " / " + expertWeightDecay, "0 or more");
        }
        if (momentum < 0 || momentum >= 1 || beta2 < 0 || beta2 >= 1) {
            throw new InvalidConfigException("training.momentum", momentum + " / beta2 " + beta2, "0 <= value < 1");
        }
        if (dropPath < 0 || dropPath >= 1) {
            throw new InvalidConfigException("training.dropPath", dropPath, "0 <= probability < 1");
        }
    }

    /** The settings of an experiment. */
    public static OptimizerSettings of(TrainingConfig training, MoeConfig moe) {
        return new OptimizerSettings(
                training.optimizer(),
                training.weightDecay(),
                moe.expertWeightDecay(),
                training.momentum(),
                0.999,
                training.dropPath(),
                moe.routerLearningRateScale());
    }

    /** AdamW as in PyTorch's defaults (betas 0.9 / 0.999), no drop path. */
    public static OptimizerSettings adamW(double weightDecay) {
        return new OptimizerSettings(Optimizer.ADAMW, weightDecay, weightDecay, 0.9, 0.999, 0);
    }
}
