package org.moeworkbench.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The sample set must hold structure that clusters: plain K-means on coarse colour features (a
 * stand-in for a trained network's features) groups images by their hidden scene far better than chance,
 * and the clusters differ in their tags.
 */
class SceneClusteringTest {

    @Test
    void kMeansOnCoarseColoursRecoversScenes() {
        SampleSet set = SampleGenerator.generate(13, 3000, 16);
        int n = set.size();
        int grid = 4;
        int cell = set.imageSize() / grid;
        int dims = 3 * grid * grid;
        double[][] x = new double[n][dims];
        int plane = set.imageSize() * set.imageSize();
        for (int i = 0; i < n; i++) {
            int base = i * set.imageBytes();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < set.imageSize(); y++) {
                    for (int xx = 0; xx < set.imageSize(); xx++) {
                        int d = c * grid * grid + (y / cell) * grid + xx / cell;
                        x[i][d] += (set.pixels()[base + c * plane + y * set.imageSize() + xx] & 0xFF)
                                / (255.0 * cell * cell);
                    }
                }
            }
        }
        int k = set.sceneNames().size();
        int[] assignment = kMeans(x, k, 25, new SplitMix64(1));
        int[][] counts = new int[k][k];
        for (int i = 0; i < n; i++) {
            counts[assignment[i]][set.scenes()[i]]++;
        }
        int majority = 0;
        for (int[] cluster : counts) {
            int max = 0;
            for (int v : cluster) {
                max = Math.max(max, v);
            }
            majority += max;
        }
        double purity = majority / (double) n;
        int[] sceneSizes = new int[k];
        for (int s : set.scenes()) {
            sceneSizes[s]++;
        }
        int largest = 0;
        for (int v : sceneSizes) {
            largest = Math.max(largest, v);
        }
        double chance = largest / (double) n;
        assertTrue(purity > 0.6 && purity > 2 * chance, "purity " + purity + " vs largest scene share " + chance);
    }

    /** Lloyd's K-means with k-means++ seeding. */
    static int[] kMeans(double[][] x, int k, int iterations, SplitMix64 rng) {
        int n = x.length;
        int d = x[0].length;
        double[][] centres = new double[k][];
        centres[0] = x[rng.nextInt(n)].clone();
        double[] dist = new double[n];
        for (int c = 1; c < k; c++) {
            for (int i = 0; i < n; i++) {
                dist[i] = Double.MAX_VALUE;
                for (int j = 0; j < c; j++) {
                    dist[i] = Math.min(dist[i], sq(x[i], centres[j]));
                }
            }
            centres[c] = x[rng.pick(dist)].clone();
        }
        int[] assignment = new int[n];
        for (int it = 0; it < iterations; it++) {
            for (int i = 0; i < n; i++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (sq(x[i], centres[c]) < sq(x[i], centres[best])) {
                        best = c;
                    }
                }
                assignment[i] = best;
            }
            double[][] sums = new double[k][d];
            int[] sizes = new int[k];
            for (int i = 0; i < n; i++) {
                sizes[assignment[i]]++;
                for (int j = 0; j < d; j++) {
                    sums[assignment[i]][j] += x[i][j];
                }
            }
            for (int c = 0; c < k; c++) {
                if (sizes[c] > 0) {
                    for (int j = 0; j < d; j++) {
                        centres[c][j] = sums[c][j] / sizes[c];
                    }
                }
            }
        }
        return assignment;
    }

    private static double sq(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }
}
