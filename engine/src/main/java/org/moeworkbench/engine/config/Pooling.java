package org.moeworkbench.engine.config;

/** How the last feature map becomes one vector: the mean over tokens, or the class token (ViT only). */
public enum Pooling implements ConfigChoice {
    MEAN,
    CLS;

    @Override
    public String toString() {
        return jsonName();
    }
}
