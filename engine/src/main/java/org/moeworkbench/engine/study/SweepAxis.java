package org.moeworkbench.engine.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.moeworkbench.engine.config.ConfigJson;

/**
 * One varied setting of a sweep: a dotted config field (e.g. {@code moe.experts}) and its values, in the
 * order given. Values are JSON values as they appear in config.json ({@code "every2"}, {@code 8},
 * {@code 0.5}, {@code true}, {@code [3, 5]}).
 *
 * @param path   dotted path of an ExperimentConfig field
 * @param values the values, at least one, no repeats
 */
public record SweepAxis(String path, List<JsonNode> values) {
    private static final Pattern PATH = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*");

    public SweepAxis {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new InvalidSweepException("--vary: \"" + path + "\" is not a dotted config field like moe.experts");
        }
        if (values == null || values.isEmpty()) {
            throw new InvalidSweepException("--vary " + path + ": give at least one value");
        }
        values = List.copyOf(values);
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode v : values) {
            if (!seen.add(v)) {
                throw new InvalidSweepException("--vary " + path + ": the value " + v + " is given twice");
            }
        }
    }

    /**
     * Parses {@code PATH=V1,V2,...}. A value is read as JSON when it is a number, {@code true}/{@code false}
     * or a list, else as text; for values that hold commas (lists), give the whole set as one JSON array:
     * {@code moe.blocks=[[3,5],[4,5]]}.
     */
    public static SweepAxis parse(String spec) {
        int eq = spec == null ? -1 : spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new InvalidSweepException(
                    "--vary \"" + spec + "\": expected FIELD=VALUE1,VALUE2,... as in " + "--vary moe.experts=4,8,16");
        }
        String path = spec.substring(0, eq).trim();
        String list = spec.substring(eq + 1).trim();
        List<JsonNode> values = new ArrayList<>();
        if (list.startsWith("[")) {
            JsonNode array = readJson(list);
            if (!(array instanceof ArrayNode)) {
                throw new InvalidSweepException("--vary " + path + ": " + list + " is not a JSON array of values");
            }
            array.forEach(values::add);
        } else {
            for (String raw : list.split(",", -1)) {
                String text = raw.trim();
                if (text.isEmpty()) {
                    throw new InvalidSweepException("--vary " + path + ": empty value in \"" + list + "\"");
                }
                values.add(scalar(text));
            }
        }
        return new SweepAxis(path, values);
    }

    private static JsonNode scalar(String text) {
        if (text.equals("true") || text.equals("false") || text.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
            try {
                return ConfigJson.mapper().readTree(text.startsWith("+") ? text.substring(1) : text);
            } catch (JsonProcessingException e) {
                return TextNode.valueOf(text);
            }
        }
        return TextNode.valueOf(text);
    }

    private static JsonNode readJson(String text) {
        try {
            return ConfigJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidSweepException("--vary: " + text + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** How value {@code i} is shown in tables and run names: text without quotes, other JSON as written. */
    public String label(int i) {
        return label(values.get(i));
    }

    public static String label(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    public List<String> labels() {
        return values.stream().map(SweepAxis::label).toList();
    }

    @Override
    public String toString() {
        return path + "=" + String.join(",", labels());
    }
}
