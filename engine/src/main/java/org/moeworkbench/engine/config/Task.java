package org.moeworkbench.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What is learned: one class per image (softmax) or a set of tags per image (independent sigmoids, Gross et al.). */
public enum Task implements ConfigChoice {
    CLASSES("classes"),
    TAGS("tags");

    private final String jsonName;

    Task(String jsonName) {
        this.jsonName = jsonName;
    }

    @JsonValue
    @Override
    public String jsonName() {
        return jsonName;
    }

    @JsonCreator
    public static Task fromJson(String name) {
        return ConfigChoice.parse(Task.class, "data.task", name);
    }

    /** The JSON name, so messages and labels read as the config does. */
    @Override
    public String toString() {
        return jsonName;
    }
}
