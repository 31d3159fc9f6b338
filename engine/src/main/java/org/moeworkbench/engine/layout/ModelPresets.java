package org.moeworkbench.engine.layout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.Pooling;

/**
 * Named backbones. The paper sizes (ConvNeXt, Liu et al. 2022; ViT, Dosovitskiy et al. 2021) are meant
 * for 224x224 images; the small presets train on 32x32 (CIFAR, sample data) or 28x28 (Fashion-MNIST)
 * images on a laptop CPU. There is no hierarchical 28x28 preset: its three 2x downsamplings need a stem
 * grid that is a multiple of 8, and 28 = 4 x 7. {@code convnext-atto-32} is exactly the benchmark reference model of
 * {@code shared/bench/reference_model.py}.
 */
public final class ModelPresets {

    private static final double LAYER_SCALE = 1e-6;
    private static final Map<String, Preset> PRESETS = new LinkedHashMap<>();

    /**
     * @param config    the backbone
     * @param imageSize the image size the preset is designed for
     * @param about     one line for listings and tooltips
     */
    public record Preset(ModelConfig config, int imageSize, String about) {}

    static {
        convnext(
                "convnext-t",
                List.of(3, 3, 9, 3),
                List.of(96, 192, 384, 768),
                4,
                224,
                "ConvNeXt-T (28.6M params with 1000 classes)");
        convnext(
                "convnext-s",
                List.of(3, 3, 27, 3),
                List.of(96, 192, 384, 768),
                4,
                224,
                "ConvNeXt-S (50.2M params with 1000 classes)");
        convnext(
                "convnext-b",
                List.of(3, 3, 27, 3),
                List.of(128, 256, 512, 1024),
                4,
                224,
                "ConvNeXt-B (88.6M params with 1000 classes)");
        isotropic("convnext-s-iso", 18, 384, 16, 224, "isotropic ConvNeXt-S (22M params)");
        isotropic("convnext-b-iso", 18, 768, 16, 224, "isotropic ConvNeXt-B (87M params)");
        vit("vit-s16", 12, 384, 6, 16, 224, Pooling.CLS, "ViT-S/16 (22.1M params with 1000 classes)");
        vit("vit-b16", 12, 768, 12, 16, 224, Pooling.CLS, "ViT-B/16 (86.6M params with 1000 classes)");

        convnext(
                "convnext-atto-32",
                List.of(2, 2, 6, 2),
                List.of(40, 80, 160, 320),
                2,
                32,
                "the benchmark reference model: small ConvNeXt for 32x32 images (16/8/4/2 px stages)");
        isotropic("convnext-iso-32", 8, 128, 4, 32, "small isotropic ConvNeXt for 32x32 images (8x8 tokens)");
        vit("vit-micro-32", 6, 128, 4, 4, 32, Pooling.CLS, "small ViT for 32x32 images (64 patches of 4x4)");
        isotropic("convnext-iso-28", 8, 128, 4, 28, "small isotropic ConvNeXt for 28x28 images (7x7 tokens)");
        vit("vit-micro-28", 6, 128, 4, 4, 28, Pooling.CLS, "small ViT for 28x28 images (49 patches of 4x4)");
    }

    private ModelPresets() {}

    private static void convnext(
            String name, List<Integer> depths, List<Integer> dims, int patch, int image, String about) {
        PRESETS.put(
                name,
                new Preset(
                        new ModelConfig(
                                name, Family.CONVNEXT, depths, dims, patch, 0, 4.0, 7, Pooling.MEAN, LAYER_SCALE),
                        image,
                        about));
    }

    private static void isotropic(String name, int depth, int dim, int patch, int image, String about) {
        PRESETS.put(
                name,
                new Preset(
                        new ModelConfig(
                                name,
                                Family.CONVNEXT_ISOTROPIC,
                                List.of(depth),
                                List.of(dim),
                                patch,
                                0,
                                4.0,
                                7,
                                Pooling.MEAN,
                                LAYER_SCALE),
                        image,
                        about));
    }

    private static void vit(
            String name, int depth, int dim, int heads, int patch, int image, Pooling pooling, String about) {
        PRESETS.put(
                name,
                new Preset(
                        new ModelConfig(
                                name, Family.VIT, List.of(depth), List.of(dim), patch, heads, 4.0, 0, pooling, 0),
                        image,
                        about));
    }

    /** Preset names in a stable order (paper sizes first). */
    public static Set<String> names() {
        return PRESETS.keySet();
    }

    /** The backbone of a preset; an unknown name is refused with the list of known ones. */
    public static ModelConfig get(String name) {
        return preset(name).config();
    }

    /** The preset with its intended image size. */
    public static Preset preset(String name) {
        Preset preset = PRESETS.get(name);
        if (preset == null) {
            throw new InvalidConfigException("model.preset", name, "one of " + PRESETS.keySet());
        }
        return preset;
    }
}
