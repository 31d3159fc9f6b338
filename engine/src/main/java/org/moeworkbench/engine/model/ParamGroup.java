package org.moeworkbench.engine.model;

/** How the optimiser treats a trainable parameter. */
public enum ParamGroup {
    /** Weights of convolutions, linear layers and routers: decoupled weight decay {@code training.weightDecay}. */
    DECAYED,
    /** Norm gains and biases, biases, layer scale, class token and position embeddings: no weight decay. */
    NOT_DECAYED,
    /** Expert weights of MoE layers: weight decay {@code moe.expertWeightDecay}. */
    EXPERT
}
