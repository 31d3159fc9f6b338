package org.moeworkbench.engine.config;

/** Backbone family: hierarchical ConvNeXt (four stages), isotropic ConvNeXt (one stage) or ViT. */
public enum Family implements ConfigChoice {
    CONVNEXT,
    CONVNEXT_ISOTROPIC,
    VIT;

    @Override
    public String toString() {
        return jsonName();
    }
}
