package org.moeworkbench.engine.layout;

import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Pooling;
import org.moeworkbench.engine.config.Router;
import org.moeworkbench.engine.config.Stem;

/**
 * Parameter and FLOP counts computed from the layout alone, without building a graph (a 224x224 paper
 * model would take long to build). A test checks these counts against built graphs.
 *
 * <p>FLOPs are multiply-adds times two of the convolutions, linear layers and attention matmuls of one
 * forward pass of one image; norms, activations and softmax are not counted (they are a few percent).
 * For an MoE layer each token counts k experts plus the router.
 */
public final class ModelSizer {

    private ModelSizer() {}

    /** The {@code moe describe} numbers of a layout. */
    public static ModelSummary summarize(BackboneLayout layout) {
        var model = layout.model();
        int c = layout.channels();
        int p = model.patchSize();
        int side0 = layout.tokenSide();
        int dim0 = model.dims().get(0);
        long params = 0;
        long active = 0;
        long flops = 0;

        // stem / patch embedding: conv p x p stride p (+ channel LayerNorm for hierarchical ConvNeXt)
        long stem;
        if (model.stem() == Stem.CONV) { // 3x3 conv to dim0/2 at full size, LayerNorm, (2p-1)^2 conv stride p
            long hidden = dim0 / 2;
            long k = 2L * p - 1;
            long full = (long) side0 * p;
            stem = 9L * c * hidden + hidden + 2 * hidden + k * k * hidden * dim0 + dim0;
            flops += 2L * full * full * 9 * c * hidden + 2L * side0 * side0 * k * k * hidden * dim0;
        } else {
            stem = (long) p * p * c * dim0 + dim0;
            flops += 2L * side0 * side0 * p * p * c * dim0;
        }
        stem += model.hierarchical() ? 2L * dim0 : 0;
        if (model.family() == Family.VIT) {
            int tokens = layout.blocks().get(0).tokens();
            stem += (model.pooling() == Pooling.CLS ? dim0 : 0) + (long) tokens * dim0; // class token, positions
        }
        params += stem;
        active += stem;

        List<ModelSummary.BlockRow> rows = new ArrayList<>();
        int previousStage = 0;
        for (BackboneLayout.Block block : layout.blocks()) {
            if (block.stage() != previousStage) { // downsampling: LayerNorm + conv 2x2 stride 2
                int in = model.dims().get(previousStage);
                long down = 2L * in + 4L * in * block.dim() + block.dim();
                params += down;
                active += down;
                flops += 2L * block.side() * block.side() * 4L * in * block.dim();
                previousStage = block.stage();
            }
            BlockCost cost = blockCost(layout, block);
            params += cost.params;
            active += cost.active;
            flops += cost.flops;
            rows.add(new ModelSummary.BlockRow(
                    block.index(), block.stage(), model.family().jsonName(), cost.params, block.moe()));
        }

        int headDim = layout.headDim();
        long head = 2L * headDim + (long) headDim * layout.classes() + layout.classes();
        params += head;
        active += head;
        flops += 2L * headDim * layout.classes();
        return new ModelSummary(params, active, flops, rows);
    }

    private record BlockCost(long params, long active, long flops) {}

    private static BlockCost blockCost(BackboneLayout layout, BackboneLayout.Block block) {
        var model = layout.model();
        long d = block.dim();
        long t = block.tokens();
        long params;
        long flops;
        if (model.family() == Family.VIT) {
            params = 4 * d + 4 * d * d + 4 * d; // two LayerNorms, qkv + projection with biases
            flops = 2 * t * 4 * d * d + 2 * 2 * t * t * d; // projections, QK^T and attention x V
        } else {
            long k = model.kernelSize();
            params = k * k * d + d + 2 * d + (model.layerScaleInit() > 0 ? d : 0); // depthwise, norm, layer scale
            flops = 2 * t * k * k * d;
        }
        long active = params;
        if (block.moe()) {
            MoeConfig moe = layout.moe();
            long expert = mlpParams(d, block.hidden());
            long router = routerParams(moe, d);
            params += moe.experts() * expert + router;
            active += (long) moe.topK() * expert + router;
            flops += t * (moe.topK() * mlpFlops(d, block.hidden()) + routerFlops(moe, d));
        } else {
            long mlp = mlpParams(d, block.hidden());
            params += mlp;
            active += mlp;
            flops += t * mlpFlops(d, block.hidden());
        }
        return new BlockCost(params, active, flops);
    }

    /** Linear d->h, Linear h->d, with biases. */
    static long mlpParams(long d, long h) {
        return d * h + h + h * d + d;
    }

    private static long mlpFlops(long d, long h) {
        return 2 * (d * h + h * d);
    }

    /**
     * Linear router: a 1x1 conv d->E with bias. Cosine and L2 routers: a projection d->routerDim without bias
     * and E learned expert embeddings of size routerDim (Sweet Spot appendix A); cosine adds a learned
     * temperature.
     */
    static long routerParams(MoeConfig moe, long d) {
        return switch (moe.router()) {
            case LINEAR -> d * moe.experts() + moe.experts();
            case COSINE -> d * moe.routerDim() + (long) moe.routerDim() * moe.experts() + 1;
            case L2 -> d * moe.routerDim() + (long) moe.routerDim() * moe.experts();
        };
    }

    private static long routerFlops(MoeConfig moe, long d) {
        return moe.router() == Router.LINEAR
                ? 2 * d * moe.experts()
                : 2 * (d * moe.routerDim() + (long) moe.routerDim() * moe.experts());
    }
}
