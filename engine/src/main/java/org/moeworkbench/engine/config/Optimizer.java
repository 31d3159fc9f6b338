package org.moeworkbench.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Optimizer: AdamW (decoupled weight decay) or SGD with momentum. */
public enum Optimizer implements ConfigChoice {
    ADAMW("adamw"),
    SGD("sgd");

    private final String jsonName;

    Optimizer(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    @Override
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static Optimizer fromJson(String name) {
        return ConfigChoice.parse(Optimizer.class, "training.optimizer", name);
    }

    /** The JSON name, so messages and labels read as the config does. */
    @Override
    public String toString() {
        return jsonName;
    }
}
