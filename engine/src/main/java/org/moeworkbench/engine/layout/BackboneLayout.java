package org.moeworkbench.engine.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.MoePlacement;
import org.moeworkbench.engine.config.Pooling;

/**
 * The blocks of a backbone at a given image size: width, tokens and whether the MLP is an MoE layer.
 * Shared by the graph builder and the analytical counts so both see the same network.
 *
 * @param model      the backbone
 * @param moe        the MoE layers (experts 0 = dense)
 * @param channels   input channels
 * @param imageSize  square input size in pixels
 * @param classes    classifier outputs
 * @param blocks     every block in order
 */
public record BackboneLayout(
        ModelConfig model, MoeConfig moe, int channels, int imageSize, int classes, List<Block> blocks) {

    /**
     * @param index  global block index (0-based)
     * @param stage  stage index (0-based)
     * @param dim    block width
     * @param side   spatial side length of the block's feature map (ConvNeXt) or patch grid (ViT)
     * @param tokens tokens per image the block's MLP sees (H*W, or patches plus the class token)
     * @param hidden hidden size of the dense MLP, or of each expert in an MoE block
     * @param moe    true where the MLP is an MoE layer
     */
    public record Block(int index, int stage, int dim, int side, int tokens, int hidden, boolean moe) {}

    public BackboneLayout {
        blocks = List.copyOf(blocks);
    }

    /** Resolves the layout, refusing an image size, channel or class count the backbone cannot take. */
    public static BackboneLayout of(ModelConfig model, MoeConfig moe, int classes, int channels, int imageSize) {
        require(classes >= 1, "classes", classes, "at least 1 class");
        require(channels >= 1, "channels", channels, "at least 1 input channel");
        model.checkImageSize(imageSize);
        int side = imageSize / model.patchSize();
        Set<Integer> moeBlocks = MoePlacement.resolve(model, moe);
        List<Block> blocks = new ArrayList<>();
        int index = 0;
        for (int stage = 0; stage < model.depths().size(); stage++) {
            int dim = model.dims().get(stage);
            int tokens =
                    model.family() == Family.VIT ? side * side + (model.pooling() == Pooling.CLS ? 1 : 0) : side * side;
            for (int b = 0; b < model.depths().get(stage); b++, index++) {
                boolean isMoe = moeBlocks.contains(index);
                double ratio = isMoe ? moe.expertMlpRatio() : model.mlpRatio();
                blocks.add(new Block(index, stage, dim, side, tokens, (int) Math.round(ratio * dim), isMoe));
            }
            side = side / 2; // downsampling conv 2x2 stride 2
        }
        return new BackboneLayout(model, moe, channels, imageSize, classes, blocks);
    }

    /** Side of the first token grid: the image after the p x p stem or patch embedding. */
    public int tokenSide() {
        return imageSize / model.patchSize();
    }

    /** Indices of the MoE blocks in order. */
    public List<Block> moeBlocks() {
        return blocks.stream().filter(Block::moe).toList();
    }

    /** Width of the last stage (the head's input). */
    public int headDim() {
        return model.dims().get(model.dims().size() - 1);
    }

    private static void require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw new InvalidConfigException(field, value, allowed);
        }
    }
}
