package org.moeworkbench.engine.moe;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The load-balancing auxiliary loss of a sparse MoE layer, unweighted (the caller multiplies by
 * {@code moe.balanceWeight}).
 */
public enum BalanceLoss {

    /**
     * Importance + load (Shazeer et al. 2017; google-research/vmoe routing.py), what the Sweet Spot
     * paper uses and what the trainer uses.
     * <ul>
     *   <li>importance: CV^2 (variance over mean squared) of the per-expert sum over tokens of the
     *       noise-free softmax probabilities;</li>
     *   <li>load: CV^2 of the per-expert mean over tokens of the probability of being selected:
     *       with router noise std s > 0, {@code P = Phi((logit - threshold) / s)}, threshold the k-th
     *       largest noisy logit of the token (vmoe); with s = 0 the selection is certain, so the term
     *       is the CV^2 of the assignment shares, which shows imbalance but has no gradient (vmoe
     *       leaves it out then).</li>
     * </ul>
     */
    IMPORTANCE_LOAD,

    /**
     * Switch Transformer form {@code E * sum_e fraction_e * meanProb_e}, fraction_e the share of
     * tokens whose first choice is e and meanProb_e the mean routing probability: what the benchmark
     * twin {@code shared/bench/reference_model.py} computes, so {@code moe bench} uses it. Equals 1 when
     * balanced.
     */
    SWITCH;

    /** What the router produced, for the loss. */
    record Inputs(
            SDVariable logits,
            SDVariable noisyLogits,
            SDVariable cleanProbs,
            SDVariable probs,
            TopKSelection selection,
            SDVariable load,
            int experts,
            double noiseStd) {}

    SDVariable build(SameDiff sd, Inputs in) {
        return switch (this) {
            case IMPORTANCE_LOAD -> importance(in).add(load(sd, in));
            case SWITCH ->
                in.selection()
                        .oneHots()
                        .get(0)
                        .mean(0)
                        .mul(in.probs().mean(0))
                        .sum()
                        .mul(in.experts());
        };
    }

    private static SDVariable importance(Inputs in) {
        return squaredVariation(in.cleanProbs().sum(0));
    }

    private static SDVariable load(SameDiff sd, Inputs in) {
        if (in.noiseStd() <= 0) {
            return squaredVariation(in.load());
        }
        TopKSelection selection = in.selection();
        SDVariable lastChoice = selection.oneHots().get(selection.k() - 1);
        SDVariable threshold = in.noisyLogits().mul(lastChoice).sum(true, 1); // [T, 1]
        SDVariable z = in.logits().sub(threshold).div(in.noiseStd() * Math.sqrt(2.0));
        SDVariable selected = sd.math().erf(z).add(1.0).mul(0.5); // standard normal CDF
        return squaredVariation(selected.mean(0));
    }

    /** CV^2 = variance / mean^2 over a vector (population variance, as jnp.var). */
    static SDVariable squaredVariation(SDVariable perExpert) {
        SDVariable mean = perExpert.mean();
        SDVariable centred = perExpert.sub(mean);
        return centred.mul(centred).mean().div(mean.mul(mean));
    }
}
