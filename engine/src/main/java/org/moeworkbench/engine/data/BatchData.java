package org.moeworkbench.engine.data;

/**
 * One prepared batch as plain arrays (what the prefetch thread makes; {@link Batch} wraps it in ND4J).
 *
 * @param features    float32 [n, channels, height, width], normalised (see {@link Normalization})
 * @param targets     float32 [n, classes-or-tags]
 * @param indices     the split index of each image (for Mixup / CutMix: the image that keeps the larger share)
 * @param sampledTags per-tag sampling: the tag drawn for each example; else null
 */
public record BatchData(
        int n,
        int channels,
        int height,
        int width,
        int targetWidth,
        float[] features,
        float[] targets,
        int[] indices,
        int[] sampledTags) {}
