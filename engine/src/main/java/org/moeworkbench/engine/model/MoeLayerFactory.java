package org.moeworkbench.engine.model;

import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.moe.BalanceLoss;
import org.moeworkbench.engine.moe.SparseMoeLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Builds one sparse MoE layer over tokens [T, dim] inside a graph (the engine's is {@link SparseMoeLayer}). */
@FunctionalInterface
public interface MoeLayerFactory {

    /** The engine's layer with the paper's importance + load balancing loss. */
    MoeLayerFactory STANDARD = withBalanceLoss(BalanceLoss.IMPORTANCE_LOAD);

    /** The engine's layer whose {@code auxLoss} is the given balancing loss ({@code SWITCH} for the benchmark twin). */
    static MoeLayerFactory withBalanceLoss(BalanceLoss balanceLoss) {
        return (sd, name, tokens, dim, config, expertHidden, training, seed) ->
                SparseMoeLayer.build(sd, name, tokens, dim, config, expertHidden, training, seed, balanceLoss);
    }

    /**
     * @param training scalar placeholder: 1 in training (router noise on), 0 in inference
     * @param seed     initialisation seed of this layer
     */
    SparseMoeLayer.Output build(
            SameDiff sd,
            String name,
            SDVariable tokens,
            int dim,
            MoeConfig config,
            int expertHidden,
            SDVariable training,
            long seed);
}
