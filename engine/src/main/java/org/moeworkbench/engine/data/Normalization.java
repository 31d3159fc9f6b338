package org.moeworkbench.engine.data;

import java.util.Arrays;

/**
 * How bytes become network inputs: {@code x = (byte / 255 - mean[c]) / std[c]}, with the per-channel
 * mean and standard deviation of the training split (pixels scaled to [0, 1]). Validation and test
 * batches use the training statistics too, so a model sees one input scale.
 */
public record Normalization(float[] mean, float[] std) {

    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("normalisation has " + mean.length + " means and " + std.length
                    + " standard deviations: expected one of each per channel");
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0)) {
                throw new IllegalArgumentException("normalisation std[" + c + "] = " + std[c] + ": expected > 0");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** No standardisation: bytes scaled to [0, 1]. */
    public static Normalization unit(int channels) {
        float[] zeros = new float[channels];
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        return new Normalization(zeros, ones);
    }

    /** Statistics of every pixel of {@code split}; a constant or empty split gets std 1. */
    public static Normalization of(DatasetSplit split) {
        int channels = split.channels();
        int plane = split.height() * split.width();
        long[] sum = new long[channels];
        long[] sumSq = new long[channels];
        byte[] image = new byte[split.imageBytes()];
        for (int i = 0; i < split.size(); i++) {
            split.copyImage(i, image, 0);
            for (int c = 0; c < channels; c++) {
                long s = 0;
                long q = 0;
                for (int p = c * plane, end = p + plane; p < end; p++) {
                    int v = image[p] & 0xFF;
                    s += v;
                    q += v * v;
                }
                sum[c] += s;
                sumSq[c] += q;
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        double count = (double) split.size() * plane;
        for (int c = 0; c < channels; c++) {
            if (count == 0) {
                std[c] = 1f;
                continue;
            }
            double m = sum[c] / count;
            double var = sumSq[c] / count - m * m;
            mean[c] = (float) (m / 255.0);
            std[c] = var > 1e-6 ? (float) (Math.sqrt(var) / 255.0) : 1f;
        }
        return new Normalization(mean, std);
    }

    /** Normalised value of byte {@code value} (0..255) in channel {@code c}. */
    public float apply(int c, int value) {
        return (value / 255f - mean[c]) / std[c];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
