package org.moeworkbench.engine.hardmoe;

import java.util.SplittableRandom;

/**
 * The tag metrics of Gross et al. 2017 on per-image scores (logits or log-probabilities) [n][V] and true tag
 * sets (sorted vocabulary indices; the class for a single-label task). {@code t_m(y)} marks the m largest
 * scores; a tie goes to the lower index. Results in percent, like the paper's tables.
 */
public final class TagMetrics {
    private TagMetrics() {}

    /** True if {@code tag} is among the {@code m} largest entries of {@code scores} (ties: lower index first). */
    public static boolean inTopM(double[] scores, int tag, int m) {
        double s = scores[tag];
        int above = 0;
        for (int j = 0; j < scores.length; j++) {
            if (scores[j] > s || (scores[j] == s && j < tag)) {
                above++;
                if (above >= m) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Eq. (4): sum_i t_m(yhat_i)^T y_i / sum_i sum_j y_i(j), in percent (NaN if no image has a tag). */
    public static double pAtM(double[][] scores, int[][] tags, int m) {
        long hits = 0;
        long total = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int t : tags[i]) {
                total++;
                if (inTopM(scores[i], t, m)) {
                    hits++;
                }
            }
        }
        return total == 0 ? Double.NaN : 100.0 * hits / total;
    }

    /**
     * Eq. (5) exactly: the expectation, over a tag drawn uniformly among the tags that occur in the split and then an
     * image drawn uniformly among those carrying it, of "the tag is in the image's top m", in percent; that is the
     * mean over the occurring tags of their {@link #perTagHitRate}. NaN if no image has a tag.
     */
    public static double qAtM(double[][] scores, int[][] tags, int vocabulary, int m) {
        double sum = 0;
        int present = 0;
        for (double rate : perTagHitRate(scores, tags, vocabulary, m)) {
            if (!Double.isNaN(rate)) {
                sum += rate;
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /**
     * Eq. (5) as the paper estimates it: S draws of a tag uniformly among the tags that occur in the split, then an
     * image uniformly among those carrying it; the share of draws whose tag is in the image's top m, in percent.
     * About +-0.15 points at S = 100,000; {@link #qAtM(double[][], int[][], int, int)} is the exact value.
     */
    public static double qAtMSampled(double[][] scores, int[][] tags, int vocabulary, int m, int samples, long seed) {
        int[][] byTag = imagesByTag(tags, vocabulary);
        int[] present = java.util.stream.IntStream.range(0, vocabulary)
                .filter(t -> byTag[t].length > 0)
                .toArray();
        if (present.length == 0) {
            return Double.NaN;
        }
        SplittableRandom random = new SplittableRandom(seed);
        long hits = 0;
        for (int s = 0; s < samples; s++) {
            int tag = present[random.nextInt(present.length)];
            int image = byTag[tag][random.nextInt(byTag[tag].length)];
            if (inTopM(scores[image], tag, m)) {
                hits++;
            }
        }
        return 100.0 * hits / samples;
    }

    /** Per tag: percent of the images carrying it whose top m contains it (NaN where no image carries it). */
    public static double[] perTagHitRate(double[][] scores, int[][] tags, int vocabulary, int m) {
        long[] hits = new long[vocabulary];
        long[] count = new long[vocabulary];
        for (int i = 0; i < scores.length; i++) {
            for (int t : tags[i]) {
                count[t]++;
                if (inTopM(scores[i], t, m)) {
                    hits[t]++;
                }
            }
        }
        double[] out = new double[vocabulary];
        for (int t = 0; t < vocabulary; t++) {
            out[t] = count[t] == 0 ? Double.NaN : 100.0 * hits[t] / count[t];
        }
        return out;
    }

    /**
     * Uniform sampling, eq. (3) targets: mean over images of -sum_{j in tags(i)} log p_ij (images without a tag
     * add 0 and still count, as in the network's loss).
     */
    public static double uniformLoss(double[][] logProbs, int[][] tags) {
        if (logProbs.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < logProbs.length; i++) {
            for (int t : tags[i]) {
                sum -= logProbs[i][t];
            }
        }
        return sum / logProbs.length;
    }

    /**
     * Per-tag sampling (section 4.2): the expectation of -log p(tag | image) over a tag drawn uniformly among
     * the tags that occur, then an image carrying it uniformly; computed exactly.
     */
    public static double perTagLoss(double[][] logProbs, int[][] tags, int vocabulary) {
        double[] sum = new double[vocabulary];
        int[] count = new int[vocabulary];
        for (int i = 0; i < logProbs.length; i++) {
            for (int t : tags[i]) {
                sum[t] -= logProbs[i][t];
                count[t]++;
            }
        }
        double total = 0;
        int present = 0;
        for (int t = 0; t < vocabulary; t++) {
            if (count[t] > 0) {
                total += sum[t] / count[t];
                present++;
            }
        }
        return present == 0 ? Double.NaN : total / present;
    }

    /**
     * sum over (image, tag) pairs of w[tag] (-log p) / sum of w[tag]: with w = 1 / (images carrying the tag in the
     * whole split), the per-tag loss of the whole split restricted to these images.
     */
    public static double weightedPairLoss(double[][] logProbs, int[][] tags, double[] weights) {
        double sum = 0;
        double total = 0;
        for (int i = 0; i < logProbs.length; i++) {
            for (int t : tags[i]) {
                sum -= weights[t] * logProbs[i][t];
                total += weights[t];
            }
        }
        return total == 0 ? Double.NaN : sum / total;
    }

    /** The loss of one image on its own tags: mean of -log p_t over its tags (NaN if it has none). */
    public static double imageLoss(double[] logProbs, int[] tags) {
        if (tags.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int t : tags) {
            sum -= logProbs[t];
        }
        return sum / tags.length;
    }

    /** Row-wise log-softmax of logits. */
    public static double[][] logSoftmax(double[][] logits) {
        double[][] out = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            double[] row = logits[i];
            double max = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : row) {
                sum += Math.exp(v - max);
            }
            double log = max + Math.log(sum);
            out[i] = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                out[i][j] = row[j] - log;
            }
        }
        return out;
    }

    /** Log of the mean of the members' probabilities (the ensemble's prediction). */
    public static double[][] logMeanProbability(java.util.List<double[][]> memberLogProbs) {
        int n = memberLogProbs.get(0).length;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            int v = memberLogProbs.get(0)[i].length;
            out[i] = new double[v];
            for (int j = 0; j < v; j++) {
                double p = 0;
                for (double[][] member : memberLogProbs) {
                    p += Math.exp(member[i][j]);
                }
                out[i][j] = Math.log(p / memberLogProbs.size());
            }
        }
        return out;
    }

    static int[][] imagesByTag(int[][] tags, int vocabulary) {
        int[] count = new int[vocabulary];
        for (int[] row : tags) {
            for (int t : row) {
                count[t]++;
            }
        }
        int[][] out = new int[vocabulary][];
        for (int t = 0; t < vocabulary; t++) {
            out[t] = new int[count[t]];
        }
        int[] fill = new int[vocabulary];
        for (int i = 0; i < tags.length; i++) {
            for (int t : tags[i]) {
                out[t][fill[t]++] = i;
            }
        }
        return out;
    }
}
