package org.moeworkbench.engine.layout;

import java.util.List;

/**
 * What {@code moe describe} prints: totals and one row per block.
 *
 * @param params        all trainable parameters
 * @param paramsActive  parameters used per sample (experts counted k times of E)
 * @param flopsPerImage multiply-adds times two of one forward pass of one image
 * @param blocks        one row per block, in order
 */
public record ModelSummary(long params, long paramsActive, long flopsPerImage, List<BlockRow> blocks) {

    /**
     * @param index  global block index (0-based)
     * @param stage  stage index (0-based)
     * @param kind   e.g. {@code convnext} or {@code vit}
     * @param params trainable parameters of the block
     * @param moe    true where the MLP is an MoE layer
     */
    public record BlockRow(int index, int stage, String kind, long params, boolean moe) {}
}
