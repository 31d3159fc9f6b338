package org.moeworkbench.engine.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A setting with a fixed set of values (an enum), written in config JSON by its lowercase name ({@code "last2"},
 * {@code "convnext-isotropic"}: the constant's name in lower case, '_' as '-'), so configs on disk read as before
 * and code compares types, not strings. Jackson writes and reads the name through {@link #jsonName()}; an unknown
 * name in a config file is refused by {@link ConfigJson} with the field and the allowed names.
 */
public interface ConfigChoice {

    /** The config field each choice is the value of, for messages outside a config file (the CLI's options). */
    Map<Class<?>, String> FIELDS = Map.of(
            Family.class, "model.family",
            Pooling.class, "model.pooling",
            Stem.class, "model.stem",
            Placement.class, "moe.placement",
            Router.class, "moe.router",
            Task.class, "data.task",
            Sampling.class, "data.sampling",
            Optimizer.class, "training.optimizer");

    /** The name in config JSON, on the command line ({@code --vary moe.router=cosine}) and in the designer. */
    @JsonValue
    default String jsonName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The JSON names of every value of {@code type}, in declaration order (for messages and the designer). */
    static List<String> names(Class<? extends ConfigChoice> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(ConfigChoice::jsonName)
                .toList();
    }

    /** The value of {@code type} named {@code name}; a named error listing the allowed names otherwise. */
    static <E extends Enum<E> & ConfigChoice> E parse(Class<E> type, String name) {
        for (E value : type.getEnumConstants()) {
            if (value.jsonName().equals(name)) {
                return value;
            }
        }
        throw new InvalidConfigException(FIELDS.get(type), name, "one of " + names(type));
    }

    /** Refuses a missing value (a JSON null or an absent field) with the field's name and the allowed names. */
    static <E extends Enum<E> & ConfigChoice> E require(E value, Class<E> type, String field) {
        InvalidConfigException.require(value != null, field, null, "one of " + names(type));
        return value;
    }
}
