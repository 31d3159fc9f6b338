package org.moeworkbench.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpertStatisticsTest {
    private static final double EPS = 1e-12;

    // 3 images x 4 patches, 3 experts, k = 1:
    // image 0: experts 0 0 1 1  -> n = (2, 2, 0)
    // image 1: experts 0 0 0 2  -> n = (3, 0, 1)
    // image 2: experts 1 1 1 1  -> n = (0, 4, 0)
    private static final int[] CHOSEN = {0, 0, 1, 1, 0, 0, 0, 2, 1, 1, 1, 1};
    /** Patches per (image, expert) of CHOSEN: k 1, 3 images of 4 patches, 3 experts. */
    private static final int[] N = ExpertStatistics.patchCounts(CHOSEN, 1, 3, 4, 3);

    @Test
    void patchCountsAndLoadOfTheHandWorkedCase() {
        assertArrayEquals(new int[] {2, 2, 0, 3, 0, 1, 0, 4, 0}, N);
        assertArrayEquals(new double[] {5 / 12.0, 6 / 12.0, 1 / 12.0}, ExpertStatistics.load(CHOSEN, 3), EPS);
    }

    @Test
    void jaccardDerivedSimilarityByHand() {
        // S01: A = {image 0}, B = {0, 1, 2}; image 0 term 1 - |2-2|/4 = 1 -> 1/3
        // S02: A = {image 1}, B = {0, 1}; term 1 - |3-1|/4 = 1/2 -> 1/4
        // S12: A empty, B = {0, 1, 2} -> 0
        assertRowsEqual(
                new double[][] {{1, 1 / 3.0, 0.25}, {1 / 3.0, 1, 0}, {0.25, 0, 1}},
                ExpertStatistics.similarity(N, 3, 3));
    }

    private static void assertRowsEqual(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length, "rows");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], actual[i], EPS, "row " + i);
        }
    }

    @Test
    void plainJaccardByHand() {
        assertRowsEqual(
                new double[][] {{1, 1 / 3.0, 0.5}, {1 / 3.0, 1, 0}, {0.5, 0, 1}},
                ExpertStatistics.plainJaccard(N, 3, 3));
    }

    @Test
    void expertsPerImageAndPatchesPerExpertCdfsByHand() {
        int[] used = ExpertStatistics.expertsPerImage(N, 3, 3);
        assertArrayEquals(new int[] {2, 2, 1}, used);
        int[] histogram = ExpertStatistics.histogram(used, 3);
        assertArrayEquals(new int[] {0, 1, 2, 0}, histogram);
        assertArrayEquals(new double[] {0, 1 / 3.0, 1, 1}, ExpertStatistics.cdf(histogram), EPS);
        assertEquals(5 / 3.0, ExpertStatistics.mean(used), EPS);
        // used (image, expert) pairs have 2, 2, 3, 1, 4 patches
        int[] patches = ExpertStatistics.patchesPerExpertHistogram(N, 4);
        assertArrayEquals(new int[] {0, 1, 2, 1, 1}, patches);
        assertArrayEquals(new double[] {0, 0.2, 0.6, 0.8, 1.0}, ExpertStatistics.cdf(patches), EPS);
    }

    @Test
    void topTwoRoutingCountsFirstChoicesForPatchesAndAllChoicesForLoad() {
        // 1 image, 2 patches, k = 2: (0, 1) and (2, 0)
        int[] chosen = {0, 1, 2, 0};
        assertArrayEquals(new int[] {1, 0, 1}, ExpertStatistics.patchCounts(chosen, 2, 1, 2, 3));
        assertArrayEquals(new double[] {0.5, 0.25, 0.25}, ExpertStatistics.load(chosen, 3), EPS);
        assertArrayEquals(new double[] {0.5, 0, 0.5}, ExpertStatistics.firstChoiceLoad(chosen, 2, 3), EPS);
        byte[] dropped = {0, 1, 0, 0};
        assertArrayEquals(new double[] {0, 1, 0}, ExpertStatistics.droppedPerExpert(chosen, dropped, 3), EPS);
        assertEquals(0.25, ExpertStatistics.droppedShare(dropped), EPS);
    }

    @Test
    void similarityMatchesTheSetDefinitionOnRandomRouting() {
        Random random = new Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int images = 1 + random.nextInt(30);
            int tokens = 1 + random.nextInt(16);
            int experts = 1 + random.nextInt(7);
            int[] chosen = new int[images * tokens];
            for (int i = 0; i < chosen.length; i++) {
                // skewed so that some experts are absent from some images
                chosen[i] = Math.min(experts - 1, (int) Math.floor(experts * Math.pow(random.nextDouble(), 2)));
            }
            int[] n = ExpertStatistics.patchCounts(chosen, 1, images, tokens, experts);
            double[][] s = ExpertStatistics.similarity(n, images, experts);
            double[][] j = ExpertStatistics.plainJaccard(n, images, experts);
            for (int a = 0; a < experts; a++) {
                for (int b = 0; b < experts; b++) {
                    double sum = 0;
                    int both = 0;
                    int either = 0;
                    for (int x = 0; x < images; x++) {
                        int na = 0;
                        int nb = 0;
                        for (int t = 0; t < tokens; t++) {
                            na += chosen[x * tokens + t] == a ? 1 : 0;
                            nb += chosen[x * tokens + t] == b ? 1 : 0;
                        }
                        if (na > 0 || nb > 0) {
                            either++;
                        }
                        if (na > 0 && nb > 0) {
                            both++;
                            sum += 1.0 - Math.abs(na - nb) / (double) (na + nb);
                        }
                    }
                    assertEquals(either == 0 ? 0 : sum / either, s[a][b], 1e-12, "S trial " + trial);
                    assertEquals(either == 0 ? 0 : both / (double) either, j[a][b], 1e-12, "J trial " + trial);
                }
            }
            // experts-per-image CDF against counting directly
            int[] used = ExpertStatistics.expertsPerImage(n, images, experts);
            double[] cdf = ExpertStatistics.cdf(ExpertStatistics.histogram(used, experts));
            for (int m = 0; m <= experts; m++) {
                int atMost = 0;
                for (int x = 0; x < images; x++) {
                    java.util.Set<Integer> distinct = new java.util.HashSet<>();
                    for (int t = 0; t < tokens; t++) {
                        distinct.add(chosen[x * tokens + t]);
                    }
                    atMost += distinct.size() <= m ? 1 : 0;
                }
                assertEquals(atMost / (double) images, cdf[m], 1e-12);
            }
        }
    }

    @Test
    void expertClassCountsAndDominantExpert() {
        long[][] counts = ExpertStatistics.expertClassCounts(N, new int[] {1, 1, -1}, 3, 3, 2);
        assertArrayEquals(new long[] {0, 5}, counts[0]);
        assertArrayEquals(new long[] {0, 2}, counts[1]);
        assertArrayEquals(new long[] {0, 1}, counts[2]);
        assertArrayEquals(new int[] {0, 0, 1}, ExpertStatistics.dominantExpert(N, 3, 3));
    }

    @org.junit.jupiter.api.Test
    void mutualInformationOfExpertAndClassAgainstHandComputedTables() {
        // independent: every expert sees the classes in the same proportions
        assertEquals(0, ExpertStatistics.mutualInformationBits(new long[][] {{10, 30}, {5, 15}}), EPS);
        // each of 4 experts takes exactly one of 4 equally frequent classes: 2 bits, all of H(class)
        long[][] diagonal = {{7, 0, 0, 0}, {0, 7, 0, 0}, {0, 0, 7, 0}, {0, 0, 0, 7}};
        assertEquals(2, ExpertStatistics.mutualInformationBits(diagonal), EPS);
        assertEquals(2, ExpertStatistics.columnEntropyBits(diagonal), EPS);
        // 2 experts x 2 classes, p = {{3/8, 1/8}, {1/8, 3/8}}: 1 - H(1/4) = 1 - 0.811278124459133 bits
        assertEquals(
                1 - 0.8112781244591328, ExpertStatistics.mutualInformationBits(new long[][] {{3, 1}, {1, 3}}), 1e-12);
        assertTrue(Double.isNaN(ExpertStatistics.mutualInformationBits(new long[][] {{0, 0}})));
    }
}
