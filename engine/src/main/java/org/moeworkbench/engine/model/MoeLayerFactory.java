package org.moeworkbench.engine.model;

import org.moeworkbench.engine.config.MoeConfig;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Builds one sparse MoE layer over tokens [T, dim] inside a graph (the engine's is {@code SparseMoeLayer}). */
@FunctionalInterface
public interface MoeLayerFactory {

    /**
     * @param training scalar placeholder: 1 in training (router noise on), 0 in inference
     * @param seed     initialisation seed of this layer
     */
    MoeLayerVars build(
            SameDiff sd,
            String name,
            SDVariable tokens,
            int dim,
            MoeConfig config,
            int expertHidden,
            SDVariable training,
            long seed);
}
