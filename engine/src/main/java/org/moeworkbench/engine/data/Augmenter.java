package org.moeworkbench.engine.data;

import org.moeworkbench.engine.config.AugmentConfig;
import org.moeworkbench.sample.SplitMix64;

/**
 * Seeded augmentation. Per image: random crop after reflect padding, then horizontal flip, both done
 * as one pixel gather while bytes become normalised floats. Per batch: Mixup (Zhang et al. 2018) or
 * CutMix (Yun et al. 2019) with a partner permutation of the batch and lambda ~ Beta(alpha, alpha);
 * with both on, each batch picks one at random.
 */
final class Augmenter {
    private final AugmentConfig config;

    Augmenter(AugmentConfig config) {
        this.config = config;
    }

    /**
     * Writes image {@code src} (CHW uint8) as normalised floats into {@code out} at {@code offset},
     * cropped / flipped as the config and {@code rng} say. {@code lut[c][v]} is the normalised value of byte v.
     */
    void imageToFloats(
            byte[] src, int channels, int height, int width, float[][] lut, float[] out, int offset, SplitMix64 rng) {
        int pad = config.cropPadding();
        int dy = pad > 0 ? rng.nextInt(2 * pad + 1) - pad : 0;
        int dx = pad > 0 ? rng.nextInt(2 * pad + 1) - pad : 0;
        boolean flip = config.horizontalFlip() && rng.chance(0.5);
        int plane = height * width;
        if (dy == 0 && dx == 0 && !flip) {
            for (int c = 0; c < channels; c++) {
                float[] table = lut[c];
                for (int p = c * plane, end = p + plane; p < end; p++) {
                    out[offset + p] = table[src[p] & 0xFF];
                }
            }
            return;
        }
        int[] columns = new int[width];
        for (int x = 0; x < width; x++) {
            columns[x] = reflect((flip ? width - 1 - x : x) + dx, width);
        }
        for (int c = 0; c < channels; c++) {
            float[] table = lut[c];
            for (int y = 0; y < height; y++) {
                int row = c * plane + reflect(y + dy, height) * width;
                int o = offset + c * plane + y * width;
                for (int x = 0; x < width; x++) {
                    out[o + x] = table[src[row + columns[x]] & 0xFF];
                }
            }
        }
    }

    /** Index i of a padded axis of length n, mirrored back inside (numpy "reflect": the edge is not repeated). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }

    /** Applies Mixup or CutMix to a prepared batch in place (if configured); returns the partner of each example or null. */
    int[] mixBatch(float[] x, float[] y, int n, int channels, int height, int width, int targetWidth, SplitMix64 rng) {
        boolean mixup = config.mixupAlpha() > 0;
        boolean cutmix = config.cutmixAlpha() > 0;
        if ((!mixup && !cutmix) || n < 2) {
            return null;
        }
        boolean useCutmix = cutmix && (!mixup || rng.chance(0.5));
        double lambda = beta(useCutmix ? config.cutmixAlpha() : config.mixupAlpha(), rng);
        int[] partner = Datasets.permutation(n, rng);
        int imageFloats = channels * height * width;
        float[] xs = x.clone();
        float[] ys = y.clone();
        if (useCutmix) {
            double ratio = Math.sqrt(1 - lambda);
            int cutH = (int) (height * ratio);
            int cutW = (int) (width * ratio);
            int cy = rng.nextInt(height);
            int cx = rng.nextInt(width);
            int y0 = clamp(cy - cutH / 2, height);
            int y1 = clamp(cy + cutH / 2, height);
            int x0 = clamp(cx - cutW / 2, width);
            int x1 = clamp(cx + cutW / 2, width);
            for (int j = 0; j < n; j++) {
                int dst = j * imageFloats;
                int src = partner[j] * imageFloats;
                for (int c = 0; c < channels; c++) {
                    for (int r = y0; r < y1; r++) {
                        int o = c * height * width + r * width;
                        System.arraycopy(xs, src + o + x0, x, dst + o + x0, x1 - x0);
                    }
                }
            }
            lambda = 1 - (double) (y1 - y0) * (x1 - x0) / (height * width);
        } else {
            float l = (float) lambda;
            for (int j = 0; j < n; j++) {
                int dst = j * imageFloats;
                int src = partner[j] * imageFloats;
                for (int k = 0; k < imageFloats; k++) {
                    x[dst + k] = l * xs[dst + k] + (1 - l) * xs[src + k];
                }
            }
        }
        float l = (float) lambda;
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < targetWidth; k++) {
                y[j * targetWidth + k] = l * ys[j * targetWidth + k] + (1 - l) * ys[partner[j] * targetWidth + k];
            }
        }
        return partner;
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n, v));
    }

    /** Beta(a, a) as X / (X + Y) with X, Y ~ Gamma(a). */
    static double beta(double a, SplitMix64 rng) {
        double x = gamma(a, rng);
        double y = gamma(a, rng);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /** Gamma(shape, 1): Marsaglia and Tsang (2000); shape < 1 through Gamma(shape + 1) x U^(1/shape). */
    static double gamma(double shape, SplitMix64 rng) {
        if (shape < 1) {
            return gamma(shape + 1, rng) * Math.pow(1 - rng.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rng.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = 1 - rng.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
