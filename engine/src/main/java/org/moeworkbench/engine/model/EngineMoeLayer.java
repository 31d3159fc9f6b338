package org.moeworkbench.engine.model;

import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.moe.BalanceLoss;
import org.moeworkbench.engine.moe.SparseMoeLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** The engine's sparse MoE layer ({@link SparseMoeLayer}) as a {@link MoeLayerFactory}. */
final class EngineMoeLayer {

    private EngineMoeLayer() {}

    /** With the paper's importance + load balancing loss. */
    static MoeLayerVars build(
            SameDiff sd,
            String name,
            SDVariable tokens,
            int dim,
            MoeConfig config,
            int expertHidden,
            SDVariable training,
            long seed) {
        return withBalanceLoss(BalanceLoss.IMPORTANCE_LOAD)
                .build(sd, name, tokens, dim, config, expertHidden, training, seed);
    }

    /** A factory whose layers carry the given balancing loss ({@code SWITCH} for the benchmark twin). */
    static MoeLayerFactory withBalanceLoss(BalanceLoss balanceLoss) {
        return (sd, name, tokens, dim, config, expertHidden, training, seed) -> {
            SparseMoeLayer.Output out =
                    SparseMoeLayer.build(sd, name, tokens, dim, config, expertHidden, training, seed, balanceLoss);
            return new MoeLayerVars(
                    out.output(),
                    out.auxLoss(),
                    out.chosen(),
                    out.gates(),
                    out.dropped(),
                    out.load(),
                    out.expertWeights(),
                    out.routerWeights());
        };
    }
}
