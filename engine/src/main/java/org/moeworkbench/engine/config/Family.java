package org.moeworkbench.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Backbone family: hierarchical ConvNeXt (four stages), isotropic ConvNeXt (one stage) or ViT. */
public enum Family implements ConfigChoice {
    CONVNEXT("convnext"),
    CONVNEXT_ISOTROPIC("convnext-isotropic"),
    VIT("vit");

    private final String jsonName;

    Family(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    @Override
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static Family fromJson(String name) {
        return ConfigChoice.parse(Family.class, "model.family", name);
    }

    /** The JSON name, so messages and labels read as the config does. */
    @Override
    public String toString() {
        return jsonName;
    }
}
