package org.moeworkbench.engine.config;

/** What is learned: one class per image (softmax) or a set of tags per image (independent sigmoids, Gross et al.). */
public enum Task implements ConfigChoice {
    CLASSES,
    TAGS;

    @Override
    public String toString() {
        return jsonName();
    }
}
