package org.moeworkbench.engine.config;

/** How training batches are drawn: uniformly, or per tag (a tag first, then an image with it; tags tasks only). */
public enum Sampling implements ConfigChoice {
    UNIFORM,
    PER_TAG;

    @Override
    public String toString() {
        return jsonName();
    }
}
