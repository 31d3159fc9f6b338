package org.moeworkbench.engine.analysis;

/**
 * The per-layer routing statistics of docs/analysis.md, as plain functions of flat routing arrays so they can
 * be checked against hand-worked cases. "Patches of image x on expert i", n_i(x), always counts first
 * choices (top-1), as the Sweet Spot paper does for its inspection figures; loads count every choice.
 */
public final class ExpertStatistics {

    private ExpertStatistics() {}

    /** Share of all token choices (every one of the k) routed to each expert; sums to 1. */
    public static double[] load(int[] chosen, int experts) {
        double[] load = new double[experts];
        for (int e : chosen) {
            load[e]++;
        }
        return normalise(load, chosen.length);
    }

    /** Share of first choices routed to each expert; sums to 1. */
    public static double[] firstChoiceLoad(int[] chosen, int k, int experts) {
        double[] load = new double[experts];
        for (int r = 0; r < chosen.length; r += k) {
            load[chosen[r]]++;
        }
        return normalise(load, chosen.length / k);
    }

    /** Per expert: the fraction of the choices routed to it that its capacity dropped (0 if none routed). */
    public static double[] droppedPerExpert(int[] chosen, byte[] dropped, int experts) {
        double[] routed = new double[experts];
        double[] lost = new double[experts];
        for (int i = 0; i < chosen.length; i++) {
            routed[chosen[i]]++;
            if (dropped[i] != 0) {
                lost[chosen[i]]++;
            }
        }
        for (int e = 0; e < experts; e++) {
            lost[e] = routed[e] == 0 ? 0 : lost[e] / routed[e];
        }
        return lost;
    }

    /** Fraction of all choices that were dropped. */
    public static double droppedShare(byte[] dropped) {
        long lost = 0;
        for (byte d : dropped) {
            lost += d != 0 ? 1 : 0;
        }
        return dropped.length == 0 ? 0 : (double) lost / dropped.length;
    }

    /** n[x * E + i]: patches of image x whose first-choice expert is i. */
    public static int[] patchCounts(int[] chosen, int k, int images, int tokensPerImage, int experts) {
        int[] counts = new int[images * experts];
        for (int x = 0; x < images; x++) {
            int base = x * tokensPerImage * k;
            for (int t = 0; t < tokensPerImage; t++) {
                counts[x * experts + chosen[base + t * k]]++;
            }
        }
        return counts;
    }

    /** Per image: how many experts are the first choice of at least one of its patches. */
    public static int[] expertsPerImage(int[] patchCounts, int images, int experts) {
        int[] used = new int[images];
        for (int x = 0; x < images; x++) {
            for (int i = 0; i < experts; i++) {
                if (patchCounts[x * experts + i] > 0) {
                    used[x]++;
                }
            }
        }
        return used;
    }

    /** histogram[m] = images with exactly m experts involved, m = 0..E. */
    public static int[] histogram(int[] values, int max) {
        int[] histogram = new int[max + 1];
        for (int v : values) {
            histogram[v]++;
        }
        return histogram;
    }

    /** Empirical CDF of a histogram: cdf[v] = share of observations <= v (0 for an empty histogram). */
    public static double[] cdf(int[] histogram) {
        long total = 0;
        for (int h : histogram) {
            total += h;
        }
        double[] cdf = new double[histogram.length];
        long running = 0;
        for (int v = 0; v < histogram.length; v++) {
            running += histogram[v];
            cdf[v] = total == 0 ? 0 : (double) running / total;
        }
        return cdf;
    }

    /**
     * Distribution of patches per expert per image (Sweet Spot appendix Fig. 7): histogram[n] = (image,
     * expert) pairs with n_i(x) = n, over the pairs where the expert is used at all (n >= 1); index 0 is 0.
     */
    public static int[] patchesPerExpertHistogram(int[] patchCounts, int tokensPerImage) {
        int[] histogram = new int[tokensPerImage + 1];
        for (int n : patchCounts) {
            if (n > 0) {
                histogram[n]++;
            }
        }
        return histogram;
    }

    public static double mean(int[] values) {
        double sum = 0;
        for (int v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    /**
     * The Jaccard-derived expert similarity (../shared/papers/README.md): A_ij = images where both i and j
     * have patches, B_ij = images where either has, S_ij = (1/|B_ij|) sum over x in A_ij of
     * (1 - |n_i(x) - n_j(x)| / (n_i(x) + n_j(x))). 0 where B_ij is empty (an expert no image uses).
     */
    public static double[][] similarity(int[] patchCounts, int images, int experts) {
        return pairwise(patchCounts, images, experts, true);
    }

    /** Plain Jaccard |A_ij| / |B_ij| of the image sets using experts i and j; 0 where B_ij is empty. */
    public static double[][] plainJaccard(int[] patchCounts, int images, int experts) {
        return pairwise(patchCounts, images, experts, false);
    }

    private static double[][] pairwise(int[] n, int images, int experts, boolean corrected) {
        double[][] both = new double[experts][experts];
        long[] present = new long[experts];
        long[][] together = new long[experts][experts];
        int[] used = new int[experts];
        for (int x = 0; x < images; x++) {
            int count = 0;
            int base = x * experts;
            for (int i = 0; i < experts; i++) {
                if (n[base + i] > 0) {
                    used[count++] = i;
                    present[i]++;
                }
            }
            for (int a = 0; a < count; a++) {
                int i = used[a];
                for (int b = a; b < count; b++) {
                    int j = used[b];
                    int ni = n[base + i];
                    int nj = n[base + j];
                    double term = corrected ? 1.0 - (double) Math.abs(ni - nj) / (ni + nj) : 1.0;
                    both[i][j] += term;
                    together[i][j]++;
                }
            }
        }
        double[][] s = new double[experts][experts];
        for (int i = 0; i < experts; i++) {
            for (int j = i; j < experts; j++) {
                long union = present[i] + present[j] - (i == j ? present[i] : together[i][j]);
                double value = union == 0 ? 0 : both[i][j] / union;
                s[i][j] = value;
                s[j][i] = value;
            }
        }
        return s;
    }

    /**
     * counts[i][c]: first-choice patches routed to expert i in images of class c (Sweet Spot Fig. 4 top).
     * Images with label -1 (no class) are left out.
     */
    public static long[][] expertClassCounts(int[] patchCounts, int[] labels, int images, int experts, int classes) {
        long[][] counts = new long[experts][classes];
        for (int x = 0; x < images; x++) {
            int c = labels[x];
            if (c < 0 || c >= classes) {
                continue;
            }
            for (int i = 0; i < experts; i++) {
                counts[i][c] += patchCounts[x * experts + i];
            }
        }
        return counts;
    }

    /** Per image: the expert holding most of its first-choice patches (lowest index on ties). */
    public static int[] dominantExpert(int[] patchCounts, int images, int experts) {
        int[] dominant = new int[images];
        for (int x = 0; x < images; x++) {
            int best = 0;
            for (int i = 1; i < experts; i++) {
                if (patchCounts[x * experts + i] > patchCounts[x * experts + best]) {
                    best = i;
                }
            }
            dominant[x] = best;
        }
        return dominant;
    }

    private static double[] normalise(double[] values, double total) {
        if (total > 0) {
            for (int i = 0; i < values.length; i++) {
                values[i] /= total;
            }
        }
        return values;
    }

    /**
     * Mutual information, in bits, between the two variables of a contingency table (rows x columns of counts):
     * H(rows) + H(columns) - H(rows, columns). 0 for independent variables; at most min(H(rows), H(columns)).
     * For the expert x class table: how many bits the top-1 expert of a token tells about its image's class.
     */
    public static double mutualInformationBits(long[][] counts) {
        double[] rows = new double[counts.length];
        double[] cells = new double[counts.length == 0 ? 0 : counts.length * counts[0].length];
        for (int r = 0, cell = 0; r < counts.length; r++) {
            for (long count : counts[r]) {
                rows[r] += count;
                cells[cell++] = count;
            }
        }
        return Math.max(0, entropyBits(rows) + columnEntropyBits(counts) - entropyBits(cells));
    }

    /** Entropy, in bits, of the column totals of a contingency table (for the expert x class table: of the class). */
    public static double columnEntropyBits(long[][] counts) {
        double[] columns = new double[counts.length == 0 ? 0 : counts[0].length];
        for (long[] row : counts) {
            for (int c = 0; c < row.length; c++) {
                columns[c] += row[c];
            }
        }
        return entropyBits(columns);
    }

    /** Entropy, in bits, of the distribution proportional to {@code weights}; NaN if they sum to 0. */
    private static double entropyBits(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double nats = 0;
        for (double w : weights) {
            if (w > 0) {
                nats -= w / total * Math.log(w / total);
            }
        }
        return total == 0 ? Double.NaN : nats / Math.log(2);
    }
}
