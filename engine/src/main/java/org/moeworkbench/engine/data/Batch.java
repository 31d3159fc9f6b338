package org.moeworkbench.engine.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch as the network sees it: the one batch type of data loading, training and evaluation.
 *
 * @param features    float32 [N, C, H, W], normalised
 * @param targets     float32 [N, classes] one-hot, or [N, tags] (see {@link BatchStream} for the tag targets)
 * @param indices     split index of each image
 * @param sampledTags per-tag sampling: the tag drawn for each example; else null
 */
public record Batch(INDArray features, INDArray targets, int[] indices, int[] sampledTags) {

    /** A batch without split indices or sampled tags (images picked by index, synthetic data). */
    public Batch(INDArray features, INDArray targets) {
        this(features, targets, null, null);
    }

    /** The batch of prefetched, normalised data. */
    public static Batch of(BatchData d) {
        INDArray x = Nd4j.create(d.features(), new long[] {d.n(), d.channels(), d.height(), d.width()}, 'c');
        INDArray y = Nd4j.create(d.targets(), new long[] {d.n(), d.targetWidth()}, 'c');
        return new Batch(x, y, d.indices(), d.sampledTags());
    }

    public int size() {
        return (int) features.size(0);
    }
}
