package org.moeworkbench.engine.config;

import java.util.Arrays;
import java.util.List;

/**
 * A setting with a fixed set of values (an enum), written in config JSON by its lowercase name ({@code "last2"},
 * {@code "convnext-isotropic"}), so configs on disk read as before and code compares types, not strings.
 */
public interface ConfigChoice {

    /** The name in config JSON, on the command line ({@code --vary moe.router=cosine}) and in the designer. */
    String jsonName();

    /** The JSON names of every value of {@code type}, in declaration order (for messages and the designer). */
    static <E extends Enum<E> & ConfigChoice> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(ConfigChoice::jsonName)
                .toList();
    }

    /** The value of {@code type} named {@code name}; a named error listing the allowed names otherwise. */
    static <E extends Enum<E> & ConfigChoice> E parse(Class<E> type, String field, String name) {
        for (E value : type.getEnumConstants()) {
            if (value.jsonName().equals(name)) {
                return value;
            }
        }
        throw new InvalidConfigException(field, name, "one of " + names(type));
    }

    /** Refuses a missing value (a JSON null or an absent field) with the field's name and the allowed names. */
    static <E extends Enum<E> & ConfigChoice> E require(E value, Class<E> type, String field) {
        InvalidConfigException.require(value != null, field, null, "one of " + names(type));
        return value;
    }
}
