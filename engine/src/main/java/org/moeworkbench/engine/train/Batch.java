package org.moeworkbench.engine.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch as the network sees it.
 *
 * @param features float32 [N, C, H, W], normalised
 * @param targets  float32 [N, classes]: one-hot, or a distribution (Mixup / CutMix, per-tag sampling)
 */
public record Batch(INDArray features, INDArray targets) {
    public int size() {
        return (int) features.size(0);
    }
}
