package org.moeworkbench.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Router of an MoE layer: linear logits, cosine similarity or negative L2 distance to learned expert embeddings (Sweet Spot appendix A). */
public enum Router implements ConfigChoice {
    LINEAR("linear"),
    COSINE("cosine"),
    L2("l2");

    private final String jsonName;

    Router(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    @Override
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static Router fromJson(String name) {
        return ConfigChoice.parse(Router.class, "moe.router", name);
    }

    /** The JSON name, so messages and labels read as the config does. */
    @Override
    public String toString() {
        return jsonName;
    }
}
