package org.moeworkbench.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which blocks get an MoE layer (Sweet Spot paper): every second block, the last two, the last three, the last stage, or chosen blocks. */
public enum Placement implements ConfigChoice {
    EVERY2("every2"),
    LAST2("last2"),
    LAST3("last3"),
    STAGE("stage"),
    BLOCKS("blocks");

    private final String jsonName;

    Placement(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    @Override
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static Placement fromJson(String name) {
        return ConfigChoice.parse(Placement.class, "moe.placement", name);
    }

    /** The JSON name, so messages and labels read as the config does. */
    @Override
    public String toString() {
        return jsonName;
    }
}
