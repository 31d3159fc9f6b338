package org.moeworkbench.engine.config;

/** Router of an MoE layer: linear logits, cosine similarity or negative L2 distance to learned expert embeddings (Sweet Spot appendix A). */
public enum Router implements ConfigChoice {
    LINEAR,
    COSINE,
    L2;

    @Override
    public String toString() {
        return jsonName();
    }
}
