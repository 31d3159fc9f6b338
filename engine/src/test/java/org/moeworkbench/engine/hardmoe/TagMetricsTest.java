package org.moeworkbench.engine.hardmoe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TagMetricsTest {
    // three images, vocabulary of 4 tags
    static final double[][] SCORES = {
        {0.9, 0.5, 0.1, 0.0}, // ranking: 0, 1, 2, 3
        {0.1, 0.2, 0.8, 0.3}, // ranking: 2, 3, 1, 0
        {0.4, 0.4, 0.1, 0.9}, // ranking: 3, 0, 1 (tie with 0: lower index first), 2
    };
    static final int[][] TAGS = {{0, 2}, {1}, {1, 2}};

    @Test
    void topMBreaksTiesByLowerIndex() {
        assertTrue(TagMetrics.inTopM(SCORES[2], 0, 2));
        assertFalse(TagMetrics.inTopM(SCORES[2], 1, 2));
        assertTrue(TagMetrics.inTopM(SCORES[2], 1, 3));
    }

    @Test
    void pAtMByHand() {
        // 5 true tags in all. m=1: image 0 hits tag 0 -> 1/5. m=2: image 0 tag 0; image 1 tag 1? top2 = {2,3} no;
        // image 2 top2 = {3,0}: no -> 1/5. m=3: image 0 tags 0,2; image 1 tag 1 (top3 = 2,3,1); image 2 tag 1 -> 4/5.
        assertEquals(20.0, TagMetrics.pAtM(SCORES, TAGS, 1), 1e-12);
        assertEquals(20.0, TagMetrics.pAtM(SCORES, TAGS, 2), 1e-12);
        assertEquals(80.0, TagMetrics.pAtM(SCORES, TAGS, 3), 1e-12);
        assertEquals(100.0, TagMetrics.pAtM(SCORES, TAGS, 4), 1e-12);
    }

    @Test
    void qAtMIsTheMeanOverPresentTagsOfPerTagHitRatesExactly() {
        // tags present: 0 (image 0), 1 (images 1, 2), 2 (images 0, 2); tag 3 absent -> never drawn.
        // m = 3: tag 0 -> 1; tag 1 -> image 1 hit, image 2 hit -> 1; tag 2 -> image 0 hit, image 2 miss -> 1/2.
        // q@3 = (1 + 1 + 0.5) / 3 = 83.33%
        double[] perTag = TagMetrics.perTagHitRate(SCORES, TAGS, 4, 3);
        assertEquals(100.0, perTag[0], 1e-12);
        assertEquals(100.0, perTag[1], 1e-12);
        assertEquals(50.0, perTag[2], 1e-12);
        assertTrue(Double.isNaN(perTag[3]));
        assertEquals(250.0 / 3, TagMetrics.qAtM(SCORES, TAGS, 4, 3), 1e-12);
        // m = 1: only tag 0 of image 0 -> q@1 = 1/3
        assertEquals(100.0 / 3, TagMetrics.qAtM(SCORES, TAGS, 4, 1), 1e-12);
        // m = 2: tag 0 -> 1 (image 0's top 2 = {0, 1}); tag 1 -> image 1 top 2 = {2, 3} miss, image 2 {3, 0} miss
        // -> 0; tag 2 -> image 0 miss, image 2 miss -> 0: q@2 = 1/3
        assertEquals(100.0 / 3, TagMetrics.qAtM(SCORES, TAGS, 4, 2), 1e-12);
        assertTrue(Double.isNaN(TagMetrics.qAtM(SCORES, new int[][] {{}, {}, {}}, 4, 1)), "no tag at all");
    }

    @Test
    void thePapersSampledEstimateConvergesToTheExactValue() {
        assertEquals(TagMetrics.qAtM(SCORES, TAGS, 4, 3), TagMetrics.qAtMSampled(SCORES, TAGS, 4, 3, 200_000, 1), 0.5);
        assertEquals(TagMetrics.qAtM(SCORES, TAGS, 4, 1), TagMetrics.qAtMSampled(SCORES, TAGS, 4, 1, 200_000, 2), 0.5);
        // seeded: the same draws give the same value
        assertEquals(
                TagMetrics.qAtMSampled(SCORES, TAGS, 4, 2, 1000, 9),
                TagMetrics.qAtMSampled(SCORES, TAGS, 4, 2, 1000, 9));
    }

    @Test
    void lossesByHand() {
        double[][] logProbs = TagMetrics.logSoftmax(new double[][] {{0, 0}, {Math.log(3), 0}});
        // image 0: p = (1/2, 1/2); image 1: p = (3/4, 1/4)
        int[][] tags = {{0, 1}, {1}};
        double uniform = (-Math.log(0.5) * 2 + -Math.log(0.25)) / 2;
        assertEquals(uniform, TagMetrics.uniformLoss(logProbs, tags), 1e-12);
        // per tag: tag 0 -> image 0 only: -log 1/2; tag 1 -> images 0 and 1: (-log 1/2 - log 1/4) / 2
        double perTag = (-Math.log(0.5) + (-Math.log(0.5) - Math.log(0.25)) / 2) / 2;
        assertEquals(perTag, TagMetrics.perTagLoss(logProbs, tags, 2), 1e-12);
        double[][] ensemble = TagMetrics.logMeanProbability(java.util.List.of(logProbs, logProbs));
        assertEquals(Math.log(0.75), ensemble[1][0], 1e-12);
    }

    @Test
    void sparsityIsOneForOneClusterAndSqrtKForEven() {
        assertEquals(1.0, Evaluator.sparsity(new double[] {0, 5, 0, 0}), 1e-12);
        assertEquals(2.0, Evaluator.sparsity(new double[] {3, 3, 3, 3}), 1e-12);
    }
}
