package org.moeworkbench.engine.config;

import java.util.List;

/**
 * The backbone, fully resolved (a preset name is kept for display only; the numbers are what count).
 *
 * @param preset         the preset this was made from, or "custom"
 * @param family         {@code convnext} (hierarchical), {@code convnext-isotropic} or {@code vit}
 * @param depths         blocks per stage (hierarchical: four stages; isotropic and ViT: one entry)
 * @param dims           channels per stage (same length as depths)
 * @param patchSize      stem stride (ConvNeXt) or patch size (ViT); must divide the image size
 * @param heads          attention heads (ViT only; 0 otherwise)
 * @param mlpRatio       hidden size of the dense MLP as a multiple of the block width
 * @param kernelSize     depthwise kernel of ConvNeXt blocks (7 in the paper; 0 for ViT)
 * @param pooling        {@code mean} or {@code cls} (cls: ViT only)
 * @param layerScaleInit initial value of ConvNeXt layer scale (0 = no layer scale)
 * @param stem           ConvNeXt stem, {@code patch} or {@code conv} ({@link Stem}); absent in a file = {@code patch},
 *                       so configs written before it existed read as they ran
 */
public record ModelConfig(
        String preset,
        Family family,
        List<Integer> depths,
        List<Integer> dims,
        int patchSize,
        int heads,
        double mlpRatio,
        int kernelSize,
        Pooling pooling,
        double layerScaleInit,
        Stem stem) {

    /**
     * Upper bounds far above any model this engine trains on one machine. They keep sizes in {@code int} arithmetic
     * (a width of 10^9 overflowed after 32 s of building) and turn typos into a named error; the memory estimate
     * ({@code layout.ResourceEstimate}) refuses what still does not fit.
     */
    public static final int MAX_WIDTH = 16384;

    public static final int MAX_DEPTH = 256;
    public static final double MAX_MLP_RATIO = 64;

    public ModelConfig {
        InvalidConfigException.require(
                preset != null && !preset.isBlank(), "model.preset", preset, "a preset name or \"custom\"");
        ConfigChoice.require(family, Family.class, "model.family");
        ConfigChoice.require(pooling, Pooling.class, "model.pooling");
        InvalidConfigException.require(
                depths != null && !depths.isEmpty(), "model.depths", depths, "a non-empty list of block counts");
        InvalidConfigException.require(
                dims != null && dims.size() == depths.size(),
                "model.dims",
                dims,
                "one width per stage (" + depths.size() + " values, like model.depths)");
        depths = List.copyOf(depths);
        dims = List.copyOf(dims);
        for (int i = 0; i < depths.size(); i++) {
            InvalidConfigException.require(
                    depths.get(i) >= 1 && depths.get(i) <= MAX_DEPTH,
                    "model.depths[" + i + "]",
                    depths.get(i),
                    "1 to " + MAX_DEPTH + " blocks per stage");
            InvalidConfigException.require(
                    dims.get(i) >= 1 && dims.get(i) <= MAX_WIDTH,
                    "model.dims[" + i + "]",
                    dims.get(i),
                    "a width from 1 to " + MAX_WIDTH);
        }
        InvalidConfigException.require(
                family != Family.CONVNEXT || depths.size() == 4,
                "model.depths",
                depths,
                "four stages for the hierarchical ConvNeXt");
        InvalidConfigException.require(
                family == Family.CONVNEXT || depths.size() == 1, "model.depths", depths, "one stage for " + family);
        InvalidConfigException.require(patchSize >= 1, "model.patchSize", patchSize, "a positive size");
        InvalidConfigException.require(
                family != Family.VIT || heads >= 1, "model.heads", heads, "at least 1 attention head for a ViT");
        InvalidConfigException.require(
                family != Family.VIT || dims.get(0) % heads == 0,
                "model.heads",
                heads,
                "a divisor of the ViT width " + dims.get(0));
        InvalidConfigException.require(
                mlpRatio > 0 && mlpRatio <= MAX_MLP_RATIO, "model.mlpRatio", mlpRatio, "a ratio above 0, at most 64");
        InvalidConfigException.require(
                family == Family.VIT || (kernelSize >= 1 && kernelSize % 2 == 1),
                "model.kernelSize",
                kernelSize,
                "an odd positive kernel for ConvNeXt");
        InvalidConfigException.require(
                pooling == Pooling.MEAN || family == Family.VIT,
                "model.pooling",
                pooling,
                "\"mean\", or \"cls\" for a ViT");
        InvalidConfigException.require(
                layerScaleInit >= 0, "model.layerScaleInit", layerScaleInit, "zero (off) or a positive value");
        stem = stem == null ? Stem.PATCH : stem;
        InvalidConfigException.require(
                stem == Stem.PATCH || family != Family.VIT,
                "model.stem",
                stem,
                "\"patch\" for a ViT (the convolutional stem is a ConvNeXt option)");
        InvalidConfigException.require(
                stem == Stem.PATCH || dims.get(0) >= 2,
                "model.stem",
                stem,
                "\"patch\" when model.dims[0] is 1 (the convolutional stem's first conv has half that width)");
    }

    /** A model with the patch stem (what every config before {@link Stem} built). */
    public ModelConfig(
            String preset,
            Family family,
            List<Integer> depths,
            List<Integer> dims,
            int patchSize,
            int heads,
            double mlpRatio,
            int kernelSize,
            Pooling pooling,
            double layerScaleInit) {
        this(preset, family, depths, dims, patchSize, heads, mlpRatio, kernelSize, pooling, layerScaleInit, Stem.PATCH);
    }

    /** This model with another stem. */
    public ModelConfig withStem(Stem newStem) {
        return new ModelConfig(
                preset, family, depths, dims, patchSize, heads, mlpRatio, kernelSize, pooling, layerScaleInit, newStem);
    }

    /** A custom hierarchical ConvNeXt: four stages, mean pooling (what tests and the default config build). */
    public static ModelConfig convnext(
            List<Integer> depths,
            List<Integer> dims,
            int patchSize,
            double mlpRatio,
            int kernelSize,
            double layerScaleInit) {
        return new ModelConfig(
                "custom",
                Family.CONVNEXT,
                depths,
                dims,
                patchSize,
                0,
                mlpRatio,
                kernelSize,
                Pooling.MEAN,
                layerScaleInit);
    }

    /**
     * The one image-size rule (config validation, hard-MoE configs and the layout all call it): the patch size
     * divides the image, and for the hierarchical ConvNeXt, whose three 2x2 stride-2 downsamplings halve the stem
     * grid three times, the grid is a multiple of 8 (40 px with patch 4 gives 10 x 10: refused, 5 x 5 cannot halve).
     */
    public void checkImageSize(int imageSize) {
        InvalidConfigException.require(
                imageSize <= DataConfig.MAX_IMAGE_SIZE,
                "data.imageSize",
                imageSize,
                "at most " + DataConfig.MAX_IMAGE_SIZE + " pixels");
        InvalidConfigException.require(
                imageSize >= 1 && patchSize <= imageSize && imageSize % patchSize == 0,
                "model.patchSize",
                patchSize,
                "a divisor of data.imageSize " + imageSize);
        int grid = imageSize / patchSize;
        InvalidConfigException.require(
                !hierarchical() || grid % 8 == 0,
                "data.imageSize",
                imageSize,
                "a multiple of 8 x model.patchSize (" + 8 * patchSize + ") for the hierarchical ConvNeXt, whose three"
                        + " 2x downsamplings halve the stem grid three times (it is " + grid + "x" + grid + ")");
    }

    /** Total number of blocks over all stages. */
    public int blockCount() {
        return depths.stream().mapToInt(Integer::intValue).sum();
    }

    public boolean hierarchical() {
        return family == Family.CONVNEXT;
    }
}
