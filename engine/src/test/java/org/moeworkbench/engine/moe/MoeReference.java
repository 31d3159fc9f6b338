package org.moeworkbench.engine.moe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The sparse MoE layer written again with plain loops in double precision, straight from the
 * formulas (shared/papers/README.md), to check the SameDiff graph against.
 */
final class MoeReference {

    /** Router weights; arrays not used by a router kind stay null. */
    record Router(
            String kind, double[][] w, double[] b, double[][] projection, double[][] embeddings, double logScale) {}

    /** One expert MLP: w1 [dim][hidden], b1 [hidden], w2 [hidden][dim], b2 [dim]. */
    record Expert(double[][] w1, double[] b1, double[][] w2, double[] b2) {}

    /**
     * @param topProbability per token, its top-1 routing probability (the BPR priority)
     */
    record Result(
            double[][] output,
            int[][] chosen,
            double[][] gates,
            boolean[][] dropped,
            double[] load,
            double[] topProbability,
            double importanceLoadLoss,
            double switchLoss) {}

    /** ND4J's gelu is the sigmoid approximation x * sigmoid(1.702 x), with 1.702 held as a float. */
    static final double GELU_SIGMOID_SCALE = 1.702f;

    private MoeReference() {}

    static Result run(
            double[][] x,
            Router router,
            List<Expert> experts,
            int k,
            double capacityFactor,
            boolean batchPrioritized,
            double noiseStd) {
        int tokens = x.length;
        int count = experts.size();
        double[][] logits = logits(x, router, count);
        double[][] probs = new double[tokens][];
        for (int t = 0; t < tokens; t++) {
            probs[t] = softmax(logits[t]);
        }

        int[][] chosen = new int[tokens][k];
        double[][] raw = new double[tokens][k];
        double[][] gates = new double[tokens][k];
        for (int t = 0; t < tokens; t++) {
            boolean[] taken = new boolean[count];
            double total = 0;
            for (int r = 0; r < k; r++) {
                int best = -1;
                for (int e = 0; e < count; e++) {
                    if (!taken[e] && (best < 0 || probs[t][e] > probs[t][best])) {
                        best = e;
                    }
                }
                taken[best] = true;
                chosen[t][r] = best;
                raw[t][r] = probs[t][best];
                total += probs[t][best];
            }
            for (int r = 0; r < k; r++) {
                gates[t][r] = k == 1 ? raw[t][r] : raw[t][r] / total;
            }
        }

        boolean[][] dropped = new boolean[tokens][k];
        if (capacityFactor > 0) {
            int capacity = (int) Math.ceil(k * tokens * capacityFactor / count);
            List<Integer> order = new ArrayList<>();
            for (int t = 0; t < tokens; t++) {
                order.add(t);
            }
            if (batchPrioritized) {
                // stable sort: equal priorities keep token order
                order.sort(Comparator.comparingDouble((Integer t) -> -raw[t][0]));
            }
            int[] served = new int[count];
            for (int r = 0; r < k; r++) {
                for (int t : order) {
                    int e = chosen[t][r];
                    if (served[e] < capacity) {
                        served[e]++;
                    } else {
                        dropped[t][r] = true;
                    }
                }
            }
        }

        double[][] output = new double[tokens][x[0].length];
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < k; r++) {
                if (dropped[t][r]) {
                    continue;
                }
                double[] y = mlp(x[t], experts.get(chosen[t][r]));
                for (int d = 0; d < y.length; d++) {
                    output[t][d] += gates[t][r] * y[d];
                }
            }
        }

        double[] load = new double[count];
        double[] importance = new double[count];
        double[] firstShare = new double[count];
        double[] meanProb = new double[count];
        double[] selectedProb = new double[count];
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < k; r++) {
                load[chosen[t][r]] += 1.0 / (k * tokens);
            }
            firstShare[chosen[t][0]] += 1.0 / tokens;
            double threshold = logits[t][chosen[t][k - 1]];
            for (int e = 0; e < count; e++) {
                importance[e] += probs[t][e];
                meanProb[e] += probs[t][e] / tokens;
                if (noiseStd > 0) {
                    selectedProb[e] += normalCdf((logits[t][e] - threshold) / noiseStd) / tokens;
                }
            }
        }
        double loadLoss = squaredVariation(noiseStd > 0 ? selectedProb : load);
        double switchLoss = 0;
        for (int e = 0; e < count; e++) {
            switchLoss += count * firstShare[e] * meanProb[e];
        }
        double[] topProbability = new double[tokens];
        for (int t = 0; t < tokens; t++) {
            topProbability[t] = raw[t][0];
        }
        return new Result(
                output,
                chosen,
                gates,
                dropped,
                load,
                topProbability,
                squaredVariation(importance) + loadLoss,
                switchLoss);
    }

    static double[][] logits(double[][] x, Router router, int count) {
        double[][] logits = new double[x.length][count];
        for (int t = 0; t < x.length; t++) {
            switch (router.kind()) {
                case "linear" -> {
                    for (int e = 0; e < count; e++) {
                        double s = router.b()[e];
                        for (int d = 0; d < x[t].length; d++) {
                            s += x[t][d] * router.w()[d][e];
                        }
                        logits[t][e] = s;
                    }
                }
                case "cosine" -> {
                    double[] h = project(x[t], router.projection());
                    for (int e = 0; e < count; e++) {
                        double[] embedding = column(router.embeddings(), e);
                        logits[t][e] = dot(h, embedding)
                                / Math.sqrt(dot(h, h) + RouterScores.NORM_EPSILON)
                                / Math.sqrt(dot(embedding, embedding) + RouterScores.NORM_EPSILON)
                                * Math.exp(router.logScale());
                    }
                }
                case "l2" -> {
                    double[] h = project(x[t], router.projection());
                    for (int e = 0; e < count; e++) {
                        double[] embedding = column(router.embeddings(), e);
                        double distance = 0;
                        for (int j = 0; j < h.length; j++) {
                            distance += (h[j] - embedding[j]) * (h[j] - embedding[j]);
                        }
                        logits[t][e] = -distance;
                    }
                }
                default -> throw new IllegalArgumentException(router.kind());
            }
        }
        return logits;
    }

    static double[] mlp(double[] x, Expert expert) {
        int hidden = expert.b1().length;
        double[] h = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            double s = expert.b1()[j];
            for (int d = 0; d < x.length; d++) {
                s += x[d] * expert.w1()[d][j];
            }
            h[j] = s / (1 + Math.exp(-GELU_SIGMOID_SCALE * s));
        }
        double[] y = new double[x.length];
        for (int d = 0; d < x.length; d++) {
            double s = expert.b2()[d];
            for (int j = 0; j < hidden; j++) {
                s += h[j] * expert.w2()[j][d];
            }
            y[d] = s;
        }
        return y;
    }

    /** Standard normal CDF by Simpson's rule on the density (error far below the test tolerance). */
    static double normalCdf(double z) {
        int steps = 20_000;
        double a = 0;
        double width = (z - a) / steps;
        double sum = density(a) + density(z);
        for (int i = 1; i < steps; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * density(a + i * width);
        }
        return 0.5 + sum * width / 3;
    }

    private static double density(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    static double squaredVariation(double[] v) {
        double mean = 0;
        for (double value : v) {
            mean += value / v.length;
        }
        double variance = 0;
        for (double value : v) {
            variance += (value - mean) * (value - mean) / v.length;
        }
        return variance / (mean * mean);
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double total = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            total += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    private static double[] project(double[] x, double[][] projection) {
        double[] h = new double[projection[0].length];
        for (int j = 0; j < h.length; j++) {
            for (int d = 0; d < x.length; d++) {
                h[j] += x[d] * projection[d][j];
            }
        }
        return h;
    }

    private static double[] column(double[][] m, int c) {
        double[] v = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            v[i] = m[i][c];
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
