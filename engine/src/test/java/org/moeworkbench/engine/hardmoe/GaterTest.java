package org.moeworkbench.engine.hardmoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaterTest {

    /** Four well-separated blobs in 10 dimensions, 50 points each. */
    static double[][] blobs(long seed) {
        Random r = new Random(seed);
        double[][] x = new double[200][10];
        for (int i = 0; i < x.length; i++) {
            int blob = i % 4;
            for (int j = 0; j < 10; j++) {
                x[i][j] = (j == blob ? 8 : 0) + (j == 9 ? blob * 3 : 0) + r.nextGaussian() * 0.3;
            }
        }
        return x;
    }

    @Test
    void assignmentIsTheBruteForceNearestCentroidOfTheProjection() {
        double[][] x = blobs(1);
        Gater gater = Gater.fit(x, 3, 4, 100, 7);
        HardMoeRun.Pca pca = gater.pca();
        assertEquals(3, pca.components().length);
        assertEquals(10, pca.featureSize());
        // axes are orthonormal
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double dot = 0;
                for (int j = 0; j < 10; j++) {
                    dot += pca.components()[a][j] * pca.components()[b][j];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-9);
            }
        }
        int[] assigned = gater.assign(x);
        int[] sizes = new int[4];
        for (int i = 0; i < x.length; i++) {
            // brute force, written out independently: z = W (x - mean), argmin_c ||z - c||^2
            double[] z = new double[3];
            for (int a = 0; a < 3; a++) {
                for (int j = 0; j < 10; j++) {
                    z[a] += pca.components()[a][j] * (x[i][j] - pca.mean()[j]);
                }
            }
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int c = 0; c < 4; c++) {
                double d = 0;
                for (int a = 0; a < 3; a++) {
                    double diff = z[a] - gater.centroids()[c][a];
                    d += diff * diff;
                }
                if (d < bestD) {
                    bestD = d;
                    best = c;
                }
            }
            assertEquals(best, assigned[i], "image " + i);
            sizes[assigned[i]]++;
        }
        // the four blobs are recovered: each cluster is one blob
        assertArrayEquals(new int[] {50, 50, 50, 50}, sizes);
        for (int i = 4; i < x.length; i++) {
            assertEquals(assigned[i % 4], assigned[i]);
        }
    }

    @Test
    void sameSeedSameGater() {
        double[][] x = blobs(2);
        Gater a = Gater.fit(x, 5, 6, 100, 11);
        Gater b = Gater.fit(x, 5, 6, 100, 11);
        assertArrayEquals(a.pca().mean(), b.pca().mean());
        for (int c = 0; c < 6; c++) {
            assertArrayEquals(a.centroids()[c], b.centroids()[c]);
        }
        assertArrayEquals(a.assign(x), b.assign(x));
    }

    @Test
    void moreClustersThanDistinctPointsLeavesEmptyClustersWithoutCentroid() {
        double[][] x = new double[30][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {i % 3, (i % 3) * 2.0, 1};
        }
        Gater gater = Gater.fit(x, 256, 8, 100, 3);
        assertEquals(3, gater.pca().components().length); // d = 256 capped at the feature size 3
        int nonNull = 0;
        for (double[] c : gater.centroids()) {
            if (c != null) {
                nonNull++;
            }
        }
        assertEquals(3, nonNull);
        int[] sizes = new int[8];
        for (int c : gater.assign(x)) {
            assertNotNull(gater.centroids()[c]);
            sizes[c]++;
        }
        assertEquals(30, java.util.Arrays.stream(sizes).sum());
        assertNull(gater.centroids()[7]);
    }
}
