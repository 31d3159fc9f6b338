package org.moeworkbench.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How training batches are drawn: uniformly, or per tag (a tag first, then an image with it; tags tasks only). */
public enum Sampling implements ConfigChoice {
    UNIFORM("uniform"),
    PER_TAG("per-tag");

    private final String jsonName;

    Sampling(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    @Override
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static Sampling fromJson(String name) {
        return ConfigChoice.parse(Sampling.class, "data.sampling", name);
    }

    /** The JSON name, so messages and labels read as the config does. */
    @Override
    public String toString() {
        return jsonName;
    }
}
