package org.moeworkbench.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Label smoothing: targets (1 - eps) + eps / classes, applied to one-hot or mixed target rows. */
public final class LabelSmoothing {
    private LabelSmoothing() {}

    /** A new array; {@code targets} is left as it was. eps = 0 returns the targets themselves. */
    public static INDArray apply(INDArray targets, double epsilon) {
        if (epsilon == 0) {
            return targets;
        }
        long classes = targets.size(1);
        return targets.mul(1 - epsilon).addi(epsilon / classes);
    }
}
