package org.moeworkbench.engine.model;

import org.moeworkbench.engine.config.ModelConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

/**
 * ConvNeXt (Liu et al. 2022), hierarchical or isotropic, built channels-last (NHWC) so that the per-token
 * parts of a block (norm, MLP or MoE, layer scale) are a free reshape to [N*H*W, C] away.
 * Block: depthwise kxk conv -> LayerNorm -> MLP (or MoE) -> layer scale -> drop path -> residual.
 */
final class ConvNextTrunk {

    private ConvNextTrunk() {
    }

    /** Features [N, H, W, C] of the last stage from NHWC images. */
    static SDVariable build(GraphContext g, BackboneLayout layout, SDVariable images, double dropPath) {
        ModelConfig model = layout.model();
        int p = model.patchSize();
        int dim0 = model.dims().get(0);
        int side = layout.imageSize() / p;
        SDVariable x = conv(g, "stem", images, layout.channels(), dim0, p);
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

    private static SDVariable block(GraphContext g, BackboneLayout layout, BackboneLayout.Block block,
            SDVariable x, double dropRate) {
        String name = "b" + block.index();
        int d = block.dim();
        int k = layout.model().kernelSize();
        SDVariable dwWeight = g.weight(name + "_dw_w", k, k, d, 1);
        SDVariable dwBias = g.constant(name + "_dw_b", 0, ParamGroup.NOT_DECAYED, d);
        Conv2DConfig dwConfig = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).pH(k / 2).pW(k / 2)
                .dataFormat("NHWC").build();
        SDVariable y = g.sd.cnn().depthWiseConv2d(x, dwWeight, dwBias, dwConfig);
        SDVariable tokens = g.layerNorm(name + "_norm", g.sd.reshape(y, -1, d), d);
        SDVariable gamma = layout.model().layerScaleInit() > 0
                ? g.constant(name + "_gamma", layout.model().layerScaleInit(), ParamGroup.NOT_DECAYED, d) : null;
        SDVariable out = g.mlpOrMoe(name, tokens, block, layout, gamma);
        SDVariable branch = g.sd.reshape(out, -1, block.side(), block.side(), d);
        return x.add(g.dropPath(name + "_droppath", branch, dropRate, 4));
    }

    /** Conv k x k stride k, no padding, NHWC. */
    private static SDVariable conv(GraphContext g, String name, SDVariable x, int in, int out, int k) {
        SDVariable w = g.weight(name + "_w", k, k, in, out);
        SDVariable b = g.constant(name + "_b", 0, ParamGroup.NOT_DECAYED, out);
        Conv2DConfig config = Conv2DConfig.builder().kH(k).kW(k).sH(k).sW(k).dataFormat("NHWC").build();
        return g.sd.cnn().conv2d(x, w, b, config);
    }

    /** LayerNorm over the channels of an NHWC map of side x side. */
    private static SDVariable channelNorm(GraphContext g, String name, SDVariable x, int side, int dim) {
        SDVariable normed = g.layerNorm(name, g.sd.reshape(x, -1, dim), dim);
        return g.sd.reshape(normed, -1, side, side, dim);
    }
}
