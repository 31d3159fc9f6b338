package org.moeworkbench.engine.moe;

import java.util.Arrays;
import java.util.List;

/**
 * The health of one MoE layer's routing over a set of tokens (one training step, an epoch, an analysis pass).
 * Definitions follow NVIDIA NeMo AutoModel's load-balance metrics and Megatron-LM's router (docs/analysis.md,
 * "MoE health"); every share is of the k x T assignments.
 *
 * @param block               global block index of the layer
 * @param load                per expert: share of the assignments the router chose it for (before capacity)
 * @param served              per expert: share of the assignments it served (after capacity; equals {@code load}
 *                            without a capacity limit)
 * @param minShare            smallest entry of {@code load}
 * @param maxShare            largest entry of {@code load}
 * @param cv                  coefficient of variation of {@code load}: sample standard deviation / mean (NeMo)
 * @param utilisation         share of experts whose load is at least {@value #UTILISED_RATIO} of the uniform share
 *                            1/E
 * @param deadExperts         experts with no assignment at all
 * @param gateEntropy         mean over tokens of the entropy (nats) of the router's softmax over all E experts;
 *                            log E is uniform, 0 is a certain choice; NaN where the probabilities were not seen
 * @param loadEntropy         entropy (nats) of {@code load}
 * @param effectiveExperts    exp({@code loadEntropy}): E when balanced, 1 when collapsed onto one expert
 * @param dropRate            share of assignments dropped by the capacity limit (0 without one)
 * @param routerZ             mean over tokens of logsumexp(logits)^2, the router z-loss of ST-MoE that Megatron-LM
 *                            logs; NaN where the logits were not seen
 * @param logitRms            root mean square of the router logits; NaN where not seen
 */
public record RoutingHealth(
        int block,
        double[] load,
        double[] served,
        double minShare,
        double maxShare,
        double cv,
        double utilisation,
        int deadExperts,
        double gateEntropy,
        double loadEntropy,
        double effectiveExperts,
        double dropRate,
        double routerZ,
        double logitRms) {

    /** An expert counts as utilised when its load is at least this fraction of the uniform share 1/E. */
    public static final double UTILISED_RATIO = 0.5;

    public RoutingHealth {
        load = load.clone();
        served = served.clone();
    }

    @Override
    public double[] load() {
        return load.clone();
    }

    @Override
    public double[] served() {
        return served.clone();
    }

    public int experts() {
        return load.length;
    }

    /** The expert with the largest load (the lowest index on ties). */
    public int busiestExpert() {
        int best = 0;
        for (int e = 1; e < load.length; e++) {
            if (load[e] > load[best]) {
                best = e;
            }
        }
        return best;
    }

    /**
     * The health of one step's routing.
     *
     * @param logits  [T * E] the router's scores (row-major), or null if not seen
     * @param chosen  [T * k] chosen expert per assignment, first choice first (row-major)
     * @param dropped [T * k] nonzero where the capacity dropped that assignment, or null without a capacity limit
     */
    public static RoutingHealth ofTokens(
            int block, int experts, int k, float[] logits, long[] chosen, float[] dropped) {
        double[] chosenCount = new double[experts];
        double[] servedCount = new double[experts];
        int assignments = chosen.length;
        int droppedCount = 0;
        for (int a = 0; a < assignments; a++) {
            int e = (int) chosen[a];
            chosenCount[e]++;
            if (dropped != null && dropped[a] != 0f) {
                droppedCount++;
            } else {
                servedCount[e]++;
            }
        }
        double gateEntropy = Double.NaN;
        double routerZ = Double.NaN;
        double logitRms = Double.NaN;
        if (logits != null && experts > 0 && logits.length > 0) {
            int tokens = logits.length / experts;
            double entropySum = 0;
            double zSum = 0;
            double squares = 0;
            for (int t = 0; t < tokens; t++) {
                int row = t * experts;
                double max = Double.NEGATIVE_INFINITY;
                for (int e = 0; e < experts; e++) {
                    max = Math.max(max, logits[row + e]);
                    squares += (double) logits[row + e] * logits[row + e];
                }
                double sum = 0;
                for (int e = 0; e < experts; e++) {
                    sum += Math.exp(logits[row + e] - max);
                }
                double logSumExp = max + Math.log(sum);
                double entropy = 0;
                for (int e = 0; e < experts; e++) {
                    double logP = logits[row + e] - logSumExp;
                    entropy -= Math.exp(logP) * logP;
                }
                entropySum += entropy;
                zSum += logSumExp * logSumExp;
            }
            gateEntropy = entropySum / tokens;
            routerZ = zSum / tokens;
            logitRms = Math.sqrt(squares / logits.length);
        }
        double total = Math.max(1, assignments);
        for (int e = 0; e < experts; e++) {
            chosenCount[e] /= total;
            servedCount[e] /= total;
        }
        return of(
                block,
                chosenCount,
                servedCount,
                gateEntropy,
                assignments == 0 ? 0 : droppedCount / (double) assignments,
                routerZ,
                logitRms,
                null);
    }

    /**
     * The health of several steps or passes: loads and served shares averaged (weights equal), then the load
     * statistics computed from the averages; token statistics averaged. Dead experts are those with no assignment in
     * any of them.
     */
    public static RoutingHealth mean(List<RoutingHealth> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no routing health to average");
        }
        int experts = parts.get(0).experts();
        double[] load = new double[experts];
        double[] served = new double[experts];
        double gate = 0;
        double drop = 0;
        double z = 0;
        double rms = 0;
        for (RoutingHealth h : parts) {
            for (int e = 0; e < experts; e++) {
                load[e] += h.load[e] / parts.size();
                served[e] += h.served[e] / parts.size();
            }
            gate += h.gateEntropy / parts.size();
            drop += h.dropRate / parts.size();
            z += h.routerZ / parts.size();
            rms += h.logitRms / parts.size();
        }
        return of(parts.get(0).block, load, served, gate, drop, z, rms, null);
    }

    /**
     * The load statistics of {@code load}; {@code deadExperts} null counts the experts whose load is exactly 0.
     */
    public static RoutingHealth of(
            int block,
            double[] load,
            double[] served,
            double gateEntropy,
            double dropRate,
            double routerZ,
            double logitRms,
            Integer deadExperts) {
        int experts = load.length;
        double min = Arrays.stream(load).min().orElse(0);
        double max = Arrays.stream(load).max().orElse(0);
        double sum = Arrays.stream(load).sum();
        double mean = experts == 0 ? 0 : sum / experts;
        double squares = 0;
        int utilised = 0;
        int dead = 0;
        double entropy = 0;
        for (double share : load) {
            squares += (share - mean) * (share - mean);
            if (sum > 0 && share * experts >= UTILISED_RATIO * sum) {
                utilised++;
            }
            if (share == 0) {
                dead++;
            }
            if (share > 0 && sum > 0) {
                double p = share / sum;
                entropy -= p * Math.log(p);
            }
        }
        double cv = experts < 2 || mean == 0 ? 0 : Math.sqrt(squares / (experts - 1)) / mean;
        return new RoutingHealth(
                block,
                load,
                served,
                min,
                max,
                cv,
                experts == 0 ? 0 : utilised / (double) experts,
                deadExperts == null ? dead : deadExperts,
                gateEntropy,
                entropy,
                Math.exp(entropy),
                dropRate,
                routerZ,
                logitRms);
    }
}
