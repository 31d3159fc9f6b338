package org.moeworkbench.engine.model;

import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.Stem;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * ConvNeXt (Liu et al. 2022), hierarchical or isotropic, built channels-last (NHWC) so that the per-token
 * parts of a block (norm, MLP or MoE, layer scale) are a free reshape to [N*H*W, C] away.
 * Stem: a patchify conv or a small convolutional stem ({@link Stem}).
 * Block: depthwise kxk conv -> LayerNorm -> MLP (or MoE) -> layer scale -> drop path -> residual.
 */
final class ConvNextTrunk {

    private ConvNextTrunk() {}

    /** Features [N, H, W, C] of the last stage from NHWC images. */
    static SDVariable build(GraphContext g, BackboneLayout layout, SDVariable images, double dropPath) {
        ModelConfig model = layout.model();
        int dim0 = model.dims().get(0);
        int side = layout.tokenSide();
        SDVariable x = model.stem() == Stem.CONV
                ? convStem(g, images, layout.channels(), dim0, model.patchSize(), side * model.patchSize())
                : conv(g, "stem", images, layout.channels(), dim0, model.patchSize());
        if (model.hierarchical()) {
            x = channelNorm(g, "stem_norm", x, side, dim0);
        }
        int total = layout.blocks().size();
        int stage = 0;
        for (BackboneLayout.Block block : layout.blocks()) {
            if (block.stage() != stage) {
                int in = model.dims().get(stage);
                x = channelNorm(g, "down" + block.stage() + "_norm", x, side, in);
                x = conv(g, "down" + block.stage(), x, in, block.dim(), 2);
                side = block.side();
                stage = block.stage();
            }
            double rate = total > 1 ? dropPath * block.index() / (total - 1) : 0;
            x = block(g, layout, block, x, rate);
        }
        return x;
    }

    private static SDVariable block(
            GraphContext g, BackboneLayout layout, BackboneLayout.Block block, SDVariable x, double dropRate) {
        String name = "b" + block.index();
        int d = block.dim();
        int k = layout.model().kernelSize();
        SDVariable dwWeight = g.weight(name + "_dw_w", (long) k * k, k, k, d, 1);
        SDVariable dwBias = g.constant(name + "_dw_b", 0, ParamGroup.NOT_DECAYED, d);
        SDVariable y = depthwise(g, x, dwWeight, dwBias, k, d, block.side());
        SDVariable tokens = g.layerNorm(name + "_norm", g.sd.reshape(y, -1, d), d);
        SDVariable gamma = layout.model().layerScaleInit() > 0
                ? g.constant(name + "_gamma", layout.model().layerScaleInit(), ParamGroup.NOT_DECAYED, d)
                : null;
        SDVariable out = g.mlpOrMoe(name, tokens, block, layout, gamma);
        SDVariable branch = g.sd.reshape(out, -1, block.side(), block.side(), d);
        return x.add(g.dropPath(name + "_droppath", branch, dropRate, 4));
    }

    /**
     * Depthwise k x k conv, stride 1, "same" padding k/2, NHWC, on a side x side map.
     *
     * <p>On small maps (side^2 <= k^2 / 2: 4 x 4 and 2 x 2 in the reference ConvNeXt at 32 x 32, the last two stages)
     * it is computed as what it is there, a per-channel linear map of the side^2 pixels: one batched matmul over the
     * channels, [C, N, side^2] x [C, side^2, side^2], whose matrices are the kernel taps placed by a constant 0/1 matrix
     * (taps that only ever meet padding get no place, and so the zero gradient they get from the conv). The values and
     * gradients are the conv's (DepthwiseSmallMapTest); forward + backward took 17-19 ms against 37-39 ms for
     * libnd4j's depthwise op at 4 x 4 x 160 (batch 128), and 14-32 against 66-89 ms at 2 x 2 x 320, whose oneDNN path
     * spends its time in im2col. From 8 x 8 on the two take the same time and the conv op is kept.
     */
    static SDVariable depthwise(
            GraphContext g, SDVariable x, SDVariable weight, SDVariable bias, int k, int dim, int side) {
        int pixels = side * side;
        if (2 * pixels > k * k) {
            return g.sd.cnn().depthWiseConv2d(x, weight, bias, GraphContext.samePadded(k));
        }
        SDVariable taps = g.sd.permute(g.sd.reshape(weight, k * k, dim), 1, 0); // [C, k*k]
        SDVariable matrices = g.sd.reshape(taps.mmul(tapPlacement(g, k, side)), dim, pixels, pixels); // [C, in, out]
        SDVariable channelsFirst = g.sd.permute(g.sd.reshape(x, -1, pixels, dim), 2, 0, 1); // [C, N, in]
        SDVariable y = g.sd.permute(channelsFirst.mmul(matrices), 1, 2, 0); // [N, out, C]
        return g.sd.reshape(y, -1, side, side, dim).add(bias);
    }

    /**
     * [k*k, side^4] constant: entry (tap, in * side^2 + out) is 1 where input pixel {@code in} reaches output pixel
     * {@code out} through that tap of a "same"-padded k x k kernel. One per kernel size and side, shared by the blocks.
     */
    private static SDVariable tapPlacement(GraphContext g, int k, int side) {
        String name = "depthwise_taps_k" + k + "_side" + side;
        if (g.sd.hasVariable(name)) {
            return g.sd.getVariable(name);
        }
        int pixels = side * side;
        double[] placement = new double[k * k * pixels * pixels];
        for (int in = 0; in < pixels; in++) {
            for (int out = 0; out < pixels; out++) {
                int row = in / side - out / side + k / 2;
                int col = in % side - out % side + k / 2;
                if (row >= 0 && row < k && col >= 0 && col < k) {
                    placement[(row * k + col) * pixels * pixels + in * pixels + out] = 1;
                }
            }
        }
        return g.sd.constant(
                name, org.nd4j.linalg.factory.Nd4j.create(placement, new long[] {k * k, pixels * pixels}, g.dtype));
    }

    /**
     * The convolutional stem ({@link Stem#CONV}): 3 x 3 conv to half the first width at full resolution, LayerNorm,
     * GELU, then a (2p-1) x (2p-1) conv of stride p with padding p-1 (3 x 3 stride 2 for p = 2), which gives the same
     * grid as the p x p patch stem, image / p.
     */
    private static SDVariable convStem(
            GraphContext g, SDVariable images, int channels, int dim0, int p, int imageSide) {
        int hidden = dim0 / 2;
        SDVariable w1 = g.weight("stem_conv1_w", 9L * channels, 3, 3, channels, hidden);
        SDVariable b1 = g.constant("stem_conv1_b", 0, ParamGroup.NOT_DECAYED, hidden);
        SDVariable x = g.sd.cnn().conv2d(images, w1, b1, GraphContext.samePadded(3));
        x = g.sd.nn().gelu(channelNorm(g, "stem_conv1_norm", x, imageSide, hidden));
        int k = 2 * p - 1;
        SDVariable w2 = g.weight("stem_w", (long) k * k * hidden, k, k, hidden, dim0);
        SDVariable b2 = g.constant("stem_b", 0, ParamGroup.NOT_DECAYED, dim0);
        return g.sd.cnn().conv2d(x, w2, b2, GraphContext.strided(k, p, p - 1));
    }

    /** Conv k x k stride k, no padding, NHWC. */
    private static SDVariable conv(GraphContext g, String name, SDVariable x, int in, int out, int k) {
        SDVariable w = g.weight(name + "_w", (long) k * k * in, k, k, in, out);
        SDVariable b = g.constant(name + "_b", 0, ParamGroup.NOT_DECAYED, out);
        return g.sd.cnn().conv2d(x, w, b, GraphContext.patchify(k));
    }

    /** LayerNorm over the channels of an NHWC map of side x side. */
    private static SDVariable channelNorm(GraphContext g, String name, SDVariable x, int side, int dim) {
        SDVariable normed = g.layerNorm(name, g.sd.reshape(x, -1, dim), dim);
        return g.sd.reshape(normed, -1, side, side, dim);
    }
}
