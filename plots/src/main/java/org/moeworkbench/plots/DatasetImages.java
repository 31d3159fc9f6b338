package org.moeworkbench.plots;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.data.DatasetSplit;
import org.moeworkbench.engine.data.Datasets;
import org.moeworkbench.engine.data.ImageDataset;
import org.moeworkbench.engine.run.RoutingStore.AnalysisSubset;
import org.moeworkbench.engine.run.RunDirectory;

/** Images of a run's dataset as AWT images, for the image-grid figures. */
public final class DatasetImages {
    private final ImageDataset dataset;

    public DatasetImages(ImageDataset dataset) {
        this.dataset = dataset;
    }

    /** Opens the dataset of a run's config (data.source, size, validation hold-out), as training saw it. */
    public static DatasetImages of(Path runDir) throws IOException {
        return new DatasetImages(Datasets.open(dataConfig(runDir)));
    }

    /** The data section of a run's spec, of any kind. */
    public static DataConfig dataConfig(Path runDir) throws IOException {
        return RunDirectory.open(runDir).spec().data();
    }

    public ImageDataset dataset() {
        return dataset;
    }

    /** Image {@code index} of {@code split} ("train", "validation", "test"). */
    public BufferedImage image(String split, int index) {
        DatasetSplit s = switch (split) {
            case "train" -> dataset.train();
            case "validation" -> dataset.validation();
            case "test" -> dataset.test();
            default -> throw new IllegalArgumentException("split " + split + ": use train, validation or test");
        };
        return toImage(s.image(index), s.channels(), s.height(), s.width());
    }

    /** Image {@code row} of a run's analysis subset (row order of the routing snapshot). */
    public BufferedImage analysisImage(AnalysisSubset subset, int row) {
        return image(subset.split(), subset.indices()[row]);
    }

    /** CHW uint8 (1 grey or 3 RGB channels) to an RGB image. */
    public static BufferedImage toImage(byte[] chw, int channels, int height, int width) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                int r = chw[p] & 0xFF;
                int g = channels >= 3 ? chw[plane + p] & 0xFF : r;
                int b = channels >= 3 ? chw[2 * plane + p] & 0xFF : r;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    /**
     * The image enlarged {@code scale} times with each of its T patches (a sqrt(T) x sqrt(T) row-major grid)
     * tinted with the colour of its expert; {@code experts[t]} is patch t's expert.
     */
    public static BufferedImage tintPatches(BufferedImage image, int[] experts, int[] argbByExpert, int scale) {
        return tint(image, experts, token -> 0.55, argbByExpert, scale);
    }

    /**
     * Like {@link #tintPatches}, with each patch's tint as opaque as its gate: {@code opacity[t]} in 0..1 (the top
     * choice's gate), drawn as 0.15 + 0.7 x opacity so that no patch vanishes or hides the image.
     */
    public static BufferedImage tintPatchesByGate(
            BufferedImage image, int[] experts, float[] opacity, int[] argbByExpert, int scale) {
        return tint(
                image, experts, token -> 0.15 + 0.7 * Math.max(0, Math.min(1, opacity[token])), argbByExpert, scale);
    }

    /** The image enlarged {@code scale} times, each patch blended with its expert's colour at {@code alpha(token)}. */
    private static BufferedImage tint(
            BufferedImage image,
            int[] experts,
            java.util.function.IntToDoubleFunction alpha,
            int[] argbByExpert,
            int scale) {
        int grid = (int) Math.round(Math.sqrt(experts.length));
        if (grid * grid != experts.length) {
            throw new IllegalArgumentException(experts.length + " tokens do not form a square grid");
        }
        int w = image.getWidth() * scale;
        int h = image.getHeight() * scale;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int token = (y * grid / h) * grid + (x * grid / w);
                out.setRGB(
                        x,
                        y,
                        blend(
                                image.getRGB(x / scale, y / scale),
                                argbByExpert[experts[token]],
                                alpha.applyAsDouble(token)));
            }
        }
        return out;
    }

    private static int blend(int rgb, int tint, double alpha) {
        int r = (int) ((1 - alpha) * ((rgb >> 16) & 0xFF) + alpha * ((tint >> 16) & 0xFF));
        int g = (int) ((1 - alpha) * ((rgb >> 8) & 0xFF) + alpha * ((tint >> 8) & 0xFF));
        int b = (int) ((1 - alpha) * (rgb & 0xFF) + alpha * (tint & 0xFF));
        return (r << 16) | (g << 8) | b;
    }
}
