package org.moeworkbench.engine.config;

/** Optimizer: AdamW (decoupled weight decay) or SGD with momentum. */
public enum Optimizer implements ConfigChoice {
    ADAMW,
    SGD;

    @Override
    public String toString() {
        return jsonName();
    }
}
