package org.moeworkbench.engine.model;

import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.Pooling;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * ViT (Dosovitskiy et al. 2021): patch embedding, optional class token, learned position embedding,
 * pre-norm blocks. Attention is built from matmul + softmax (multiHeadDotProductAttention is ~5x slower).
 */
final class VitTrunk {

    private VitTrunk() {}

    /** Pooled features [N, dim] (class token, or mean over tokens) from NHWC images. */
    static SDVariable build(GraphContext g, BackboneLayout layout, SDVariable images, double dropPath) {
        ModelConfig model = layout.model();
        int p = model.patchSize();
        int d = model.dims().get(0);
        int side = layout.tokenSide();
        int patches = side * side;
        boolean cls = model.pooling() == Pooling.CLS;
        int tokens = patches + (cls ? 1 : 0);

        SDVariable w = g.weight("patch_w", (long) p * p * layout.channels(), p, p, layout.channels(), d);
        SDVariable b = g.constant("patch_b", 0, ParamGroup.NOT_DECAYED, d);
        SDVariable x = g.sd.reshape(g.sd.cnn().conv2d(images, w, b, GraphContext.patchify(p)), -1, patches, d);
        if (cls) {
            SDVariable token = g.embedding("cls_token", 1, 1, d);
            // [N, 1, d] copies of the class token: zero a slice of x and add the token (batch size is dynamic)
            SDVariable first = x.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all())
                    .mul(0)
                    .add(token);
            x = g.sd.concat(1, first, x);
        }
        x = x.add(g.embedding("pos_embed", 1, tokens, d));
        x = g.sd.reshape(x, -1, d);

        int total = layout.blocks().size();
        for (BackboneLayout.Block block : layout.blocks()) {
            double rate = total > 1 ? dropPath * block.index() / (total - 1) : 0;
            x = block(g, layout, block, x, tokens, rate);
        }
        SDVariable seq = g.sd.reshape(x, -1, tokens, d);
        return cls ? seq.get(SDIndex.all(), SDIndex.point(0), SDIndex.all()) : seq.mean(1);
    }

    /** One pre-norm block over x [N*T, d]. */
    private static SDVariable block(
            GraphContext g,
            BackboneLayout layout,
            BackboneLayout.Block block,
            SDVariable x,
            int tokens,
            double dropRate) {
        String name = "b" + block.index();
        int d = block.dim();
        int heads = layout.model().heads();
        int hd = d / heads;
        SDVariable a = g.layerNorm(name + "_norm1", x, d);
        SDVariable q = heads(g, g.linear(name + "_q", a, d, d), tokens, heads, hd);
        SDVariable k = heads(g, g.linear(name + "_k", a, d, d), tokens, heads, hd);
        SDVariable v = heads(g, g.linear(name + "_v", a, d, d), tokens, heads, hd);
        SDVariable scores = g.sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(hd)); // [N, h, T, T]
        SDVariable attention = g.sd.nn().softmax(scores, 3);
        SDVariable mixed = g.sd.mmul(attention, v).permute(0, 2, 1, 3); // [N, T, h, hd]
        SDVariable attn = g.linear(name + "_proj", g.sd.reshape(mixed, -1, d), d, d);
        x = x.add(dropPath(g, name + "_droppath1", attn, dropRate, tokens, d));

        SDVariable m = g.mlpOrMoe(name, g.layerNorm(name + "_norm2", x, d), block, layout, null);
        return x.add(dropPath(g, name + "_droppath2", m, dropRate, tokens, d));
    }

    /** [N*T, d] -> [N, heads, T, hd]. */
    private static SDVariable heads(GraphContext g, SDVariable x, int tokens, int heads, int hd) {
        return g.sd.reshape(x, -1, tokens, heads, hd).permute(0, 2, 1, 3);
    }

    private static SDVariable dropPath(GraphContext g, String name, SDVariable branch, double rate, int tokens, int d) {
        if (rate <= 0) {
            return branch;
        }
        return g.sd.reshape(g.dropPath(name, g.sd.reshape(branch, -1, tokens, d), rate, 3), -1, d);
    }
}
