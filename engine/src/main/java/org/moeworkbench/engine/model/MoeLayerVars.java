package org.moeworkbench.engine.model;

import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The graph variables of one sparse MoE layer, as the network needs them.
 *
 * @param output        [T, dim] the layer output (zero for tokens dropped by every expert)
 * @param auxLoss       scalar load-balancing loss of the layer
 * @param chosen        [T, k] chosen experts, first choice first
 * @param gates         [T, k] gate values of the chosen experts
 * @param dropped       [T, k] 1 where capacity dropped that assignment
 * @param load          [E] share of assignments per expert
 * @param expertWeights trainable variables of the experts (weight decay {@code moe.expertWeightDecay})
 * @param routerWeights trainable variables of the router
 */
public record MoeLayerVars(
        SDVariable output,
        SDVariable auxLoss,
        SDVariable chosen,
        SDVariable gates,
        SDVariable dropped,
        SDVariable load,
        List<SDVariable> expertWeights,
        List<SDVariable> routerWeights) {}
