package org.moeworkbench.engine.analysis;

/**
 * Routing statistics of one MoE layer over a run's analysis images (docs/analysis.md has each definition).
 *
 * @param layer                      global block index of the MoE layer
 * @param tokensPerImage             T, patches (spatial positions) per image
 * @param k                          choices per token
 * @param experts                    E
 * @param load                       share of all token choices per expert (sums to 1)
 * @param firstChoiceLoad            share of first choices per expert (sums to 1)
 * @param droppedShare               fraction of all choices dropped by the capacity limit
 * @param droppedPerExpert           per expert, fraction of the choices routed to it that were dropped
 * @param expertsPerImageMean        mean over images of the experts that are the first choice of >= 1 patch
 * @param expertsPerImageHistogram   [m] images with exactly m experts involved, m = 0..E
 * @param expertsPerImageCdf         [m] share of images with at most m experts involved
 * @param patchesPerExpertMean       mean n_i(x) over (image, expert) pairs with n_i(x) >= 1
 * @param patchesPerExpertHistogram  [n] (image, expert) pairs with n_i(x) = n, n = 0..T (index 0 unused, 0)
 * @param patchesPerExpertCdf        [n] share of those pairs with n_i(x) <= n (Sweet Spot appendix Fig. 7)
 * @param jaccard                    E x E Jaccard-derived similarity S_ij (docs/papers.md)
 * @param plainJaccard               E x E plain Jaccard |A_ij| / |B_ij|
 * @param expertClassCounts          E x C first-choice patches per expert per class
 * @param classTokenLoad             share of the class token's choices per expert (a ViT with class-token pooling;
 *                                   empty otherwise): the class token is not a patch, so no statistic above counts it
 */
public record LayerAnalysis(
        int layer,
        int tokensPerImage,
        int k,
        int experts,
        double[] load,
        double[] firstChoiceLoad,
        double droppedShare,
        double[] droppedPerExpert,
        double expertsPerImageMean,
        int[] expertsPerImageHistogram,
        double[] expertsPerImageCdf,
        double patchesPerExpertMean,
        int[] patchesPerExpertHistogram,
        double[] patchesPerExpertCdf,
        double[][] jaccard,
        double[][] plainJaccard,
        long[][] expertClassCounts,
        double[] classTokenLoad) {

    /**
     * Mutual information between a token's top-1 expert and its image's class, in bits (from
     * {@link #expertClassCounts}): 0 when the experts ignore the class. Sweet Spot and V-MoE read expert
     * specialisation from the same table.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("expertClassMutualInformationBits")
    public double expertClassMutualInformationBits() {
        return ExpertStatistics.mutualInformationBits(expertClassCounts);
    }

    /** {@link #expertClassMutualInformationBits} over the class entropy: the share of the class the expert tells. */
    @com.fasterxml.jackson.annotation.JsonProperty("expertClassMutualInformationShare")
    public double expertClassMutualInformationShare() {
        return expertClassMutualInformationBits() / ExpertStatistics.columnEntropyBits(expertClassCounts);
    }

    /**
     * The layer's routing health over the analysis images (docs/analysis.md, "MoE health"): load statistics, dead
     * experts (no assignment in the whole pass) and the drop rate. A snapshot keeps the chosen experts' gates only,
     * so the gate entropy and the router's logit statistics are NaN here; metrics.jsonl has them per step.
     */
    @com.fasterxml.jackson.annotation.JsonProperty("health")
    public org.moeworkbench.engine.moe.RoutingHealth health() {
        double[] served = new double[experts];
        for (int e = 0; e < experts; e++) {
            served[e] = load[e] * (1 - droppedPerExpert[e]);
        }
        return org.moeworkbench.engine.moe.RoutingHealth.of(
                layer, load, served, Double.NaN, droppedShare, Double.NaN, Double.NaN, null);
    }

    /** Computes every statistic of one layer; {@code labels} are the analysis images' classes (-1: none). */
    public static LayerAnalysis of(RoutingData.Layer layer, int[] labels, int classes) {
        int e = layer.experts();
        int[] n = ExpertStatistics.patchCounts(layer.chosen(), layer.k(), layer.images(), layer.tokensPerImage(), e);
        int[] used = ExpertStatistics.expertsPerImage(n, layer.images(), e);
        int[] usedHistogram = ExpertStatistics.histogram(used, e);
        int[] patchHistogram = ExpertStatistics.patchesPerExpertHistogram(n, layer.tokensPerImage());
        long pairs = 0;
        double patches = 0;
        for (int c = 1; c < patchHistogram.length; c++) {
            pairs += patchHistogram[c];
            patches += (double) c * patchHistogram[c];
        }
        return new LayerAnalysis(
                layer.block(),
                layer.tokensPerImage(),
                layer.k(),
                e,
                ExpertStatistics.load(layer.chosen(), e),
                ExpertStatistics.firstChoiceLoad(layer.chosen(), layer.k(), e),
                ExpertStatistics.droppedShare(layer.dropped()),
                ExpertStatistics.droppedPerExpert(layer.chosen(), layer.dropped(), e),
                ExpertStatistics.mean(used),
                usedHistogram,
                ExpertStatistics.cdf(usedHistogram),
                pairs == 0 ? 0 : patches / pairs,
                patchHistogram,
                ExpertStatistics.cdf(patchHistogram),
                ExpertStatistics.similarity(n, layer.images(), e),
                ExpertStatistics.plainJaccard(n, layer.images(), e),
                ExpertStatistics.expertClassCounts(n, labels, layer.images(), e, classes),
                layer.classToken() == null
                        ? new double[0]
                        : ExpertStatistics.load(layer.classToken().chosen(), e));
    }
}
