package org.moeworkbench.engine.hardmoe;

import java.util.Arrays;
import smile.clustering.KMeans;
import smile.feature.extraction.PCA;
import smile.math.MathEx;
import smile.math.matrix.Matrix;

/**
 * The hard-MoE gater T(x): PCA of the trunk's penultimate features to d dimensions, then the nearest of K
 * centroids found by K-means (k-means++ seeding) on the training features; no balancing of cluster sizes.
 * A cluster left without training images has no centroid (null) and receives no image.
 */
public final class Gater {
    private final HardMoeRun.Pca pca;
    private final double[][] centroids;

    public Gater(HardMoeRun.Pca pca, double[][] centroids) {
        this.pca = pca;
        this.centroids = centroids;
    }

    public HardMoeRun.Pca pca() {
        return pca;
    }

    /** K rows, null for an empty cluster. */
    public double[][] centroids() {
        return centroids;
    }

    public int k() {
        return centroids.length;
    }

    /**
     * Fits PCA (covariance; d capped at the feature size and at n - 1) and K-means on the training features.
     * Smile's random numbers are seeded with {@code seed} on this thread, so the result is repeatable.
     */
    public static Gater fit(double[][] features, int pcaDims, int k, int maxIterations, long seed) {
        if (features.length == 0) {
            throw new IllegalArgumentException("the gater needs training features: the train split is empty");
        }
        int f = features[0].length;
        int d = Math.max(1, Math.min(pcaDims, Math.min(f, Math.max(1, features.length - 1))));
        HardMoeRun.Pca basis = fitPca(features, d);
        double[][] projected = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            projected[i] = project(basis, features[i]);
        }
        double[][] centroids = kmeans(projected, k, maxIterations, seed);
        // Assign by the final centroids (Smile's labels are from the last iteration's centroids), then drop
        // centroids no training image is nearest to: every cluster with a centroid has images.
        int[] sizes = new int[k];
        for (double[] x : projected) {
            sizes[nearest(centroids, x)]++;
        }
        for (int c = 0; c < k; c++) {
            if (sizes[c] == 0) {
                centroids[c] = null;
            }
        }
        return new Gater(basis, centroids);
    }

    private static HardMoeRun.Pca fitPca(double[][] features, int d) {
        int f = features[0].length;
        double[] mean = MathEx.colMeans(features);
        double[][] components = new double[d][f];
        double[] explained = new double[d];
        boolean constant = true;
        for (double[] x : features) {
            if (!Arrays.equals(x, features[0])) {
                constant = false;
                break;
            }
        }
        if (features.length < 2 || constant) {
            // No variance to explain: identity axes keep the gater defined (every image lands in one cluster).
            for (int j = 0; j < d; j++) {
                components[j][j] = 1;
            }
            return new HardMoeRun.Pca(mean, components, explained, f);
        }
        PCA pca = PCA.fit(features);
        Matrix loadings = pca.loadings(); // f x f, eigenvectors as columns, largest variance first
        double[] proportion = pca.varianceProportion();
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < f; i++) {
                components[j][i] = loadings.get(i, j);
            }
            explained[j] = proportion[j];
        }
        return new HardMoeRun.Pca(mean, components, explained, f);
    }

    private static double[][] kmeans(double[][] x, int k, int maxIterations, long seed) {
        int distinct =
                (int) Arrays.stream(x).map(Arrays::toString).distinct().limit(k).count();
        double[][] centroids = new double[k][];
        if (distinct <= 1 || k == 1) {
            centroids[0] = MathEx.colMeans(x);
            return centroids;
        }
        int fitted = Math.min(k, distinct); // more clusters than distinct points: the rest stay empty
        MathEx.setSeed(seed);
        KMeans model = KMeans.fit(x, fitted, maxIterations, 1e-4);
        for (int c = 0; c < fitted; c++) {
            centroids[c] = model.centroids[c].clone();
        }
        return centroids;
    }

    /** components (x - mean). */
    public static double[] project(HardMoeRun.Pca pca, double[] x) {
        double[][] w = pca.components();
        double[] mean = pca.mean();
        double[] out = new double[w.length];
        for (int j = 0; j < w.length; j++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += w[j][i] * (x[i] - mean[i]);
            }
            out[j] = s;
        }
        return out;
    }

    /** Index of the nearest non-null centroid (Euclidean; ties to the lower index). */
    public static int nearest(double[][] centroids, double[] z) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            if (centroids[c] == null) {
                continue;
            }
            double d = MathEx.squaredDistance(centroids[c], z);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    /** T(x) of one penultimate feature vector. */
    public int assign(double[] features) {
        return nearest(centroids, project(pca, features));
    }

    /** T(x) of every row. */
    public int[] assign(double[][] features) {
        int[] out = new int[features.length];
        for (int i = 0; i < features.length; i++) {
            out[i] = assign(features[i]);
        }
        return out;
    }
}
