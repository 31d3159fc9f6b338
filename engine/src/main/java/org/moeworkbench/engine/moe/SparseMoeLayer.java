package org.moeworkbench.engine.moe;

import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.MoeConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.random.custom.RandomNormal;

/**
 * A sparse top-k mixture-of-experts layer that replaces the MLP of a ConvNeXt or ViT block
 * (Shazeer et al. 2017; Sweet Spot paper), built into a SameDiff graph.
 *
 * <p>y(x) = sum over the k chosen experts e of g_e(x) * E_e(x), where g = softmax(router(x) + noise)
 * restricted to its k largest entries, renormalised over those k when k > 1 (V-MoE). Gaussian noise
 * of std {@code moe.routerNoise} is added to the router scores only when {@code training} is 1. With
 * {@code moe.capacityFactor > 0}, each expert serves at most ceil(k T f / E) assignments (see
 * {@link CapacityLimit}); a dropped assignment contributes nothing, so the block's residual carries
 * the token. Experts compute only their own tokens ({@link SparseDispatch}): the cost grows with k,
 * not with E.
 *
 * <p>The layer has no residual and no normalisation of its own: the block around it adds them.
 */
public final class SparseMoeLayer {

    /** Suffix of the scalar constant that turns router noise on in inference mode (what-if evaluation). */
    public static final String NOISE_AT_INFERENCE = "/noiseAtInference";

    private SparseMoeLayer() {}

    /**
     * What the layer adds to the graph.
     *
     * @param output        [T, dim]
     * @param auxLoss       scalar load-balancing loss, unweighted (multiply by {@code moe.balanceWeight})
     * @param chosen        [T, k] LONG expert ids, first choice first
     * @param gates         [T, k] gate values of the chosen experts (renormalised over the k for k > 1),
     *                      before any capacity drop
     * @param dropped       [T, k] 1 where the capacity dropped that assignment, else 0
     * @param load          [E] share of the k*T assignments chosen for each expert (before capacity)
     * @param routerLogits  [T, E] the router's scores before noise and before {@code routingBias} (health metrics)
     * @param routingBias   [1, E] constant added to the scores before the softmax, zero unless a what-if
     *                      evaluation sets it (a large negative entry removes an expert, a large positive one pins
     *                      every token's first choice to it); never trained
     * @param expertWeights the experts' variables, per expert {@code w1, b1, w2, b2}
     *                      (for expert-specific weight decay)
     * @param routerWeights the router's variables
     */
    public record Output(
            SDVariable output,
            SDVariable auxLoss,
            SDVariable chosen,
            SDVariable gates,
            SDVariable dropped,
            SDVariable load,
            SDVariable routerLogits,
            SDVariable routingBias,
            List<SDVariable> expertWeights,
            List<SDVariable> routerWeights) {}

    /**
     * @param sd           the graph
     * @param name         unique prefix of the layer's variables, e.g. {@code "block11/moe"}
     * @param tokens       [T, dim] floating point tokens (T may be dynamic)
     * @param dim          token width
     * @param config       experts, top-k, router, router dim, noise, capacity, BPR
     * @param expertHidden hidden width of each expert MLP
     * @param training     scalar: 1 in training (router noise on), 0 in inference
     * @param seed         seed of the initial weights
     * @param balanceLoss  which load-balancing loss {@code auxLoss} holds
     */
    public static Output build(
            SameDiff sd,
            String name,
            SDVariable tokens,
            int dim,
            MoeConfig config,
            int expertHidden,
            SDVariable training,
            long seed,
            BalanceLoss balanceLoss) {
        if (!config.enabled()) {
            throw new IllegalArgumentException(
                    "moe.experts: a sparse MoE layer needs at least 1 expert, got " + config.experts());
        }
        if (dim < 1 || expertHidden < 1) {
            throw new IllegalArgumentException(
                    "layer " + name + ": dim and expertHidden must be positive, got " + dim + " and " + expertHidden);
        }
        DataType dataType = tokens.dataType();
        int experts = config.experts();
        int k = config.topK();
        SeededInit init = new SeededInit(seed, dataType);

        RouterScores router =
                RouterScores.build(sd, name, tokens, dim, experts, config.router(), config.routerDim(), init);
        SDVariable routingBias =
                sd.constant(name + "/routingBias", org.nd4j.linalg.factory.Nd4j.zeros(dataType, 1, experts));
        SDVariable logits = router.logits().add(routingBias);
        SDVariable noisyLogits = logits;
        if (config.routerNoise() > 0) {
            SDVariable noise = new RandomNormal(sd, sd.shape(logits), 0.0, 1.0)
                    .outputVariable()
                    .castTo(dataType);
            // 0 unless a what-if evaluation asks for router noise in inference mode (training is 0 there)
            SDVariable noiseAtInference =
                    sd.constant(name + NOISE_AT_INFERENCE, org.nd4j.linalg.factory.Nd4j.scalar(dataType, 0));
            SDVariable noiseOn = training.castTo(dataType).add(noiseAtInference);
            noisyLogits = logits.add(noise.mul(noiseOn).mul(config.routerNoise()));
        }
        SDVariable probs = sd.nn().softmax(noisyLogits, 1);
        SDVariable cleanProbs = noisyLogits == logits ? probs : sd.nn().softmax(logits, 1);

        TopKSelection selection = TopKSelection.select(sd, probs, experts, k, dataType);
        List<SDVariable> kept = config.capacityFactor() > 0
                ? CapacityLimit.apply(
                                sd,
                                name,
                                tokens,
                                selection,
                                experts,
                                config.capacityFactor(),
                                config.batchPrioritized(),
                                dataType)
                        .kept()
                : null;

        SparseDispatch.Experts expertMlps = SparseDispatch.Experts.create(sd, name, experts, dim, expertHidden, init);
        SDVariable output = SparseDispatch.combine(sd, name, tokens, dim, expertMlps, selection, kept, dataType);

        SDVariable assignments = selection.oneHots().get(0);
        for (int round = 1; round < k; round++) {
            assignments = assignments.add(selection.oneHots().get(round));
        }
        SDVariable load = assignments.mean(0).div((double) k);
        SDVariable auxLoss = balanceLoss.build(
                sd,
                new BalanceLoss.Inputs(
                        logits, noisyLogits, cleanProbs, probs, selection, load, experts, config.routerNoise()));

        SDVariable chosen = sd.stack(1, selection.experts().toArray(new SDVariable[0]));
        SDVariable gates = sd.stack(1, selection.gates().toArray(new SDVariable[0]));
        SDVariable dropped;
        if (kept == null) {
            dropped = sd.zerosLike(gates);
        } else {
            List<SDVariable> droppedRounds = new ArrayList<>(k);
            for (SDVariable served : kept) {
                droppedRounds.add(served.rsub(1.0));
            }
            dropped = sd.stack(1, droppedRounds.toArray(new SDVariable[0]));
        }
        return new Output(
                sd.identity(name + "/output", output),
                sd.identity(name + "/auxLoss", auxLoss),
                sd.identity(name + "/chosen", chosen),
                sd.identity(name + "/gates", gates),
                sd.identity(name + "/dropped", dropped),
                sd.identity(name + "/load", load),
                sd.identity(name + "/routerLogits", router.logits()),
                routingBias,
                expertMlps.weights(),
                router.weights());
    }
}
