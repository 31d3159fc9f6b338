package org.moeworkbench.engine.config;

import java.util.List;

/**
 * The sparse top-k MoE layers that replace the MLP of chosen blocks (Sweet Spot paper).
 *
 * @param experts           experts per MoE layer E; 0 means a dense model (no MoE layer)
 * @param topK              experts per token k, 1 <= k <= E
 * @param placement         {@code every2}, {@code last2}, {@code last3}, {@code stage} or {@code blocks}
 * @param blocks            global block indices (0-based) when placement is {@code blocks}; empty otherwise
 * @param router            {@code linear}, {@code cosine} or {@code l2}
 * @param routerDim         projection size of the cosine and L2 routers (Sweet Spot appendix A)
 * @param expertMlpRatio    hidden size of each expert as a multiple of the block width
 * @param routerNoise       std of Gaussian noise added to router logits in training (0 = none)
 * @param balanceWeight     weight of the load-balancing loss (importance + load); 0 = off
 * @param capacityFactor    expert capacity factor; 0 = unlimited (every token processed)
 * @param batchPrioritized  serve tokens in order of their top gate (BPR) when capacity is limited
 * @param expertWeightDecay weight decay of expert weights (replaces training.weightDecay for them)
 * @param collapseShare     health alarm: a layer has collapsed when one expert takes more than this share of the
 *                          assignments for {@code collapseSteps} steps in a row (1 = never)
 * @param collapseSteps     health alarm: how many consecutive training steps above {@code collapseShare}
 * @param routerLearningRateScale the routers' learning rate as a multiple of {@code training.learningRate} (1 = the
 *                          same; large values make routing unstable, a way to study collapse)
 */
public record MoeConfig(
        int experts,
        int topK,
        Placement placement,
        List<Integer> blocks,
        Router router,
        int routerDim,
        double expertMlpRatio,
        double routerNoise,
        double balanceWeight,
        double capacityFactor,
        boolean batchPrioritized,
        double expertWeightDecay,
        double collapseShare,
        int collapseSteps,
        double routerLearningRateScale) {

    /** The alarm's share when a config does not say (configs written before the health alarm). */
    public static final double DEFAULT_COLLAPSE_SHARE = 0.9;
    /** The alarm's run length in steps when a config does not say. */
    public static final int DEFAULT_COLLAPSE_STEPS = 50;

    /** The MoE layers with the default health alarm ({@link #DEFAULT_COLLAPSE_SHARE}, {@link #DEFAULT_COLLAPSE_STEPS}). */
    public MoeConfig(
            int experts,
            int topK,
            Placement placement,
            List<Integer> blocks,
            Router router,
            int routerDim,
            double expertMlpRatio,
            double routerNoise,
            double balanceWeight,
            double capacityFactor,
            boolean batchPrioritized,
            double expertWeightDecay) {
        this(
                experts,
                topK,
                placement,
                blocks,
                router,
                routerDim,
                expertMlpRatio,
                routerNoise,
                balanceWeight,
                capacityFactor,
                batchPrioritized,
                expertWeightDecay,
                DEFAULT_COLLAPSE_SHARE,
                DEFAULT_COLLAPSE_STEPS,
                1.0);
    }

    /** The same layers routed with another k, capacity factor and router noise (what-if evaluation). */
    public MoeConfig withRouting(int k, double capacity, double noise) {
        return new MoeConfig(
                experts,
                k,
                placement,
                blocks,
                router,
                routerDim,
                expertMlpRatio,
                noise,
                balanceWeight,
                capacity,
                batchPrioritized,
                expertWeightDecay,
                collapseShare,
                collapseSteps,
                routerLearningRateScale);
    }

    /**
     * More experts than any MoE of the papers (V-MoE and Sweet Spot use up to 32); 100,000 experts built a graph for
     * over ten minutes before failing.
     */
    public static final int MAX_EXPERTS = 1024;

    public MoeConfig {
        InvalidConfigException.require(
                experts >= 0 && experts <= MAX_EXPERTS,
                "moe.experts",
                experts,
                "0 (dense) or 1 to " + MAX_EXPERTS + " experts");
        InvalidConfigException.require(
                experts == 0 || (topK >= 1 && topK <= experts),
                "moe.topK",
                topK,
                "1 <= topK <= experts (" + experts + ")");
        ConfigChoice.require(placement, Placement.class, "moe.placement");
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
        InvalidConfigException.require(
                placement != Placement.BLOCKS || experts == 0 || !blocks.isEmpty(),
                "moe.blocks",
                blocks,
                "at least one block index when placement is \"blocks\"");
        ConfigChoice.require(router, Router.class, "moe.router");
        InvalidConfigException.require(
                routerDim >= 1 && routerDim <= ModelConfig.MAX_WIDTH,
                "moe.routerDim",
                routerDim,
                "a size from 1 to " + ModelConfig.MAX_WIDTH);
        InvalidConfigException.require(
                expertMlpRatio > 0 && expertMlpRatio <= ModelConfig.MAX_MLP_RATIO,
                "moe.expertMlpRatio",
                expertMlpRatio,
                "a ratio above 0, at most 64");
        InvalidConfigException.require(routerNoise >= 0, "moe.routerNoise", routerNoise, "0 or more");
        InvalidConfigException.require(balanceWeight >= 0, "moe.balanceWeight", balanceWeight, "0 or more");
        InvalidConfigException.require(
                capacityFactor >= 0, "moe.capacityFactor", capacityFactor, "0 (unlimited) or a positive factor");
        InvalidConfigException.require(expertWeightDecay >= 0, "moe.expertWeightDecay", expertWeightDecay, "0 or more");
        InvalidConfigException.require(
                collapseShare > 0 && collapseShare <= 1,
                "moe.collapseShare",
                collapseShare,
                "a share above 0, at most 1 (1 turns the collapse alarm off)");
        InvalidConfigException.require(collapseSteps >= 1, "moe.collapseSteps", collapseSteps, "at least 1 step");
        InvalidConfigException.require(
                routerLearningRateScale > 0 && routerLearningRateScale <= 10_000,
                "moe.routerLearningRateScale",
                routerLearningRateScale,
                "a multiple of the learning rate above 0, at most 10000 (1 = the same rate)");
    }

    /** A dense model: no MoE layer. */
    public static MoeConfig dense() {
        return new MoeConfig(0, 1, Placement.LAST2, List.of(), Router.LINEAR, 32, 4.0, 0, 0.01, 0, false, 0.05);
    }

    public boolean enabled() {
        return experts > 0;
    }
}
