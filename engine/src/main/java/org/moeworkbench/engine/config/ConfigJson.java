package org.moeworkbench.engine.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and writes configs as JSON: sorted keys, indented, every field present. Reading is strict: an
 * unknown field, a missing field, a wrong type or a refused value gives a {@link ConfigFileException}
 * that names the file and the field.
 */
public final class ConfigJson {
    private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']+)'");

    private ConfigJson() {}

    /** The mapper every engine JSON file uses: sorted keys, indented, strict on read. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    private static final ObjectMapper NULLS_ALLOWED =
            MAPPER.copy().disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
    private static final ObjectMapper MISSING_ALLOWED = NULLS_ALLOWED
            .copy()
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Writes through a temporary file and a move, so a reader never sees half a file. */
    public static void write(Path file, Object value) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(file.getFileName() + ".tmp");
        Files.writeString(tmp, toJson(value), StandardCharsets.UTF_8);
        try {
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static ExperimentConfig readExperiment(Path file) {
        return read(file, ExperimentConfig.class);
    }

    /** Reads a file the engine wrote (run files), where some fields are null by design (e.g. endedAt). */
    public static <T> T readAllowingNulls(Path file, Class<T> type) {
        return read(file, type, NULLS_ALLOWED);
    }

    /**
     * Like {@link #readAllowingNulls}, and a missing field reads as null (0 / false for primitives): for files whose
     * format gained fields after runs were written with it (routing snapshot headers).
     */
    public static <T> T readAllowingMissing(Path file, Class<T> type) {
        return read(file, type, MISSING_ALLOWED);
    }

    public static <T> T read(Path file, Class<T> type) {
        return read(file, type, MAPPER);
    }

    private static <T> T read(Path file, Class<T> type, ObjectMapper mapper) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigFileException(file + ": cannot read the file (" + e + ")", "", e);
        }
        return parse(text, type, file.toString(), mapper);
    }

    /** Parses a record the engine wrote, where some fields are null by design; {@code origin} names it. */
    public static <T> T parseAllowingNulls(String text, Class<T> type, String origin) {
        return parse(text, type, origin, NULLS_ALLOWED);
    }

    /** Parses {@code text}; {@code origin} names it in messages (a file name, or e.g. "the editor"). */
    public static <T> T parse(String text, Class<T> type, String origin) {
        return parse(text, type, origin, MAPPER);
    }

    /**
     * Fields added to the experiment config after configs were written without them, by section, with the value such
     * a config reads as (what it ran with). Every other field stays required.
     */
    private static final java.util.Map<String, java.util.Map<String, Object>> LATER_FIELDS = java.util.Map.of(
            "moe",
            java.util.Map.of(
                    "collapseShare", MoeConfig.DEFAULT_COLLAPSE_SHARE,
                    "collapseSteps", MoeConfig.DEFAULT_COLLAPSE_STEPS,
                    "routerLearningRateScale", 1.0),
            "model",
            java.util.Map.of("stem", Stem.PATCH));

    private static <T> T parse(String text, Class<T> type, String origin, ObjectMapper mapper) {
        try {
            if (type == ExperimentConfig.class || type == HardMoeConfig.class) {
                com.fasterxml.jackson.databind.JsonNode tree = mapper.readTree(text);
                LATER_FIELDS.forEach((section, fields) -> {
                    if (tree != null
                            && tree.path(section) instanceof com.fasterxml.jackson.databind.node.ObjectNode node) {
                        fields.forEach((field, value) -> {
                            if (!node.has(field)) {
                                node.set(field, mapper.valueToTree(value));
                            }
                        });
                    }
                });
                return mapper.treeToValue(tree, type);
            }
            return mapper.readValue(text, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidConfigException invalid) {
                throw new ConfigFileException(origin + ": " + invalid.getMessage(), invalid.field(), invalid);
            }
            String field = path(e);
            throw new ConfigFileException(
                    origin + ": " + field + ": " + (cause == null ? e.getOriginalMessage() : cause.getMessage()),
                    field,
                    e);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw new ConfigFileException(
                    origin + ": unknown field \"" + field + "\"; known fields here: " + known(e.getKnownPropertyIds()),
                    field,
                    e);
        } catch (InvalidFormatException e) {
            String field = path(e);
            if (e.getTargetType() != null && ConfigChoice.class.isAssignableFrom(e.getTargetType())) {
                @SuppressWarnings("unchecked")
                Class<? extends ConfigChoice> choice = (Class<? extends ConfigChoice>) e.getTargetType();
                throw new ConfigFileException(
                        origin + ": " + field + " = " + e.getValue() + " is not allowed: one of "
                                + ConfigChoice.names(choice),
                        field,
                        e);
            }
            throw new ConfigFileException(
                    origin + ": " + field + " = " + e.getValue() + " is not allowed: a " + typeName(e.getTargetType()),
                    field,
                    e);
        } catch (MismatchedInputException e) {
            Matcher missing = MISSING.matcher(e.getOriginalMessage());
            if (missing.find()) {
                String path = path(e);
                String name = missing.group(1);
                String field = path.equals(name) || path.endsWith("." + name) ? path : join(path, name);
                throw new ConfigFileException(
                        origin + ": missing field \"" + field + "\" (every field must be given; see the demo configs)",
                        field,
                        e);
            }
            String field = path(e);
            throw new ConfigFileException(
                    origin + ": " + (field.isEmpty() ? "" : field + ": ") + "expected " + typeName(e.getTargetType())
                            + " (" + e.getOriginalMessage() + ")",
                    field,
                    e);
        } catch (JsonParseException e) {
            throw new ConfigFileException(
                    origin + ": not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(),
                    "",
                    e);
        } catch (JsonMappingException e) {
            String field = path(e);
            throw new ConfigFileException(origin + ": " + field + ": " + e.getOriginalMessage(), field, e);
        } catch (JacksonException e) {
            throw new ConfigFileException(origin + ": " + e.getOriginalMessage(), "", e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    private static String known(Collection<Object> ids) {
        return new TreeSet<>(ids.stream().map(String::valueOf).toList())
                .stream().collect(Collectors.joining(", "));
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "whole number";
        }
        if (type == double.class || type == Double.class) {
            return "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        return type.getSimpleName() + " object";
    }
}
