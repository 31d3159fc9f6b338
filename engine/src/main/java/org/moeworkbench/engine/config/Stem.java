package org.moeworkbench.engine.config;

/**
 * How a ConvNeXt turns the image into its first feature map.
 *
 * <ul>
 *   <li>{@code patch}: one p x p conv with stride p (ConvNeXt's "patchify" stem; a ViT's patch embedding).
 *   <li>{@code conv}: a 3 x 3 conv to half the first width at full resolution, LayerNorm, GELU, then a
 *       (2p-1) x (2p-1) conv with stride p and padding p-1 to the first width: overlapping windows and one more
 *       non-linearity before the blocks ("early convolutions", Xiao et al. 2021). On 28 x 28 Fashion-MNIST resized to
 *       32 it lifted the PyTorch twin of the demo model from 91.88% to 92.77% (docs/bench.md).
 * </ul>
 */
public enum Stem implements ConfigChoice {
    PATCH,
    CONV;

    @Override
    public String toString() {
        return jsonName();
    }
}
