package org.moeworkbench.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the last feature map becomes one vector: the mean over tokens, or the class token (ViT only). */
public enum Pooling implements ConfigChoice {
    MEAN("mean"),
    CLS("cls");

    private final String jsonName;

    Pooling(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    @Override
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static Pooling fromJson(String name) {
        return ConfigChoice.parse(Pooling.class, "model.pooling", name);
    }

    /** The JSON name, so messages and labels read as the config does. */
    @Override
    public String toString() {
        return jsonName;
    }
}
