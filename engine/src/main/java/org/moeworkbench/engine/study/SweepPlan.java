package org.moeworkbench.engine.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.RunSpec;

/**
 * A base config, up to two varied settings and optionally several seeds, expanded into every combination and
 * validated up front: each combination is built as a full RunSpec before any run starts, so a bad value is refused
 * at once, not after hours of training. Settings are ordered with the first axis outermost and the seed innermost.
 * Seeds are replicates, not a table axis: the study table reports each combination's mean, standard deviation and
 * count over its seeds.
 */
public final class SweepPlan {
    /** Tables have rows and columns; more axes would need another layout. */
    public static final int MAX_AXES = 2;

    private static final int MAX_NAME = 64;

    /** {@code --vary seed=1,2,3} means seeds, not a table axis. */
    public static final String SEED_FIELD = "seed";

    private final RunSpec base;
    private final List<SweepAxis> axes;
    private final List<Long> seeds;
    private final List<Setting> settings;

    /**
     * One combination.
     *
     * @param values one value per axis, in axis order
     * @param seed   the seed of this replicate, or null when the study has no seeds (the base config's seed)
     * @param config the base config with those values and that seed (and a name that shows them)
     */
    public record Setting(List<JsonNode> values, Long seed, RunSpec config) {
        public Setting {
            values = List.copyOf(values);
        }

        public List<String> labels() {
            return values.stream().map(SweepAxis::label).toList();
        }
    }

    private SweepPlan(RunSpec base, List<SweepAxis> axes, List<Long> seeds, List<Setting> settings) {
        this.base = base;
        this.axes = List.copyOf(axes);
        this.seeds = List.copyOf(seeds);
        this.settings = List.copyOf(settings);
    }

    /** A sweep without seeds: every setting runs once with the base config's seed. */
    public static SweepPlan of(RunSpec base, List<SweepAxis> axes) {
        return of(base, axes, List.of());
    }

    /**
     * Validates the axes and seeds against {@code base} and every combination; lists every problem found. An axis
     * on {@code seed} is taken as the seeds (it cannot be combined with {@code seeds}).
     *
     * @param seeds the seeds every combination runs with (empty: once, with the base config's seed)
     */
    public static SweepPlan of(RunSpec base, List<SweepAxis> axes, List<Long> seeds) {
        List<SweepAxis> tableAxes = new ArrayList<>();
        List<Long> replicateSeeds = new ArrayList<>(seeds);
        for (SweepAxis axis : axes) {
            if (!axis.path().equals(SEED_FIELD)) {
                tableAxes.add(axis);
                continue;
            }
            if (!seeds.isEmpty()) {
                throw new InvalidSweepException("give the seeds once: either --seeds or --vary seed=..., not both");
            }
            for (JsonNode value : axis.values()) {
                if (!value.canConvertToLong() || !value.isIntegralNumber()) {
                    throw new InvalidSweepException("--vary seed: " + value + " is not a whole number");
                }
                replicateSeeds.add(value.asLong());
            }
        }
        if (replicateSeeds.size() != new java.util.HashSet<>(replicateSeeds).size()) {
            throw new InvalidSweepException("the seeds " + replicateSeeds + " repeat a seed; give each seed once");
        }
        axes = tableAxes;
        if (axes.size() > MAX_AXES || (axes.isEmpty() && replicateSeeds.isEmpty())) {
            throw new InvalidSweepException("a sweep varies one or two settings (--vary given " + axes.size()
                    + " times), or runs one config with several seeds (--seeds N)");
        }
        ObjectNode tree = ConfigJson.mapper().valueToTree(base);
        List<String> problems = new ArrayList<>();
        Set<String> paths = new LinkedHashSet<>();
        for (SweepAxis axis : axes) {
            if (!paths.add(axis.path())) {
                problems.add("--vary " + axis.path() + " is given twice; give all its values in one --vary");
                continue;
            }
            String fieldProblem = checkField(tree, axis);
            if (fieldProblem != null) {
                problems.add(fieldProblem);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSweepException(problems);
        }
        List<Setting> settings = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Long> seedsOrBase = replicateSeeds.isEmpty() ? java.util.Collections.singletonList(null) : replicateSeeds;
        for (List<JsonNode> values : product(axes)) {
            for (Long seed : seedsOrBase) {
                ObjectNode copy = tree.deepCopy();
                for (int a = 0; a < axes.size(); a++) {
                    set(copy, axes.get(a).path(), values.get(a));
                }
                if (seed != null) {
                    copy.put(SEED_FIELD, seed);
                }
                String setting = describe(axes, values, seed);
                try {
                    RunSpec config = ConfigJson.mapper().treeToValue(copy, base.getClass());
                    if (config.perRun().size() != 1) {
                        problems.add(
                                "setting " + setting + ": a hard MoE in a sweep trains one K per setting (clusters = "
                                        + ((org.moeworkbench.engine.config.HardMoeConfig) config).clusters()
                                        + "); give one K and vary clusters, e.g. --vary 'clusters=[[4],[8]]'");
                        continue;
                    }
                    settings.add(new Setting(values, seed, config.withName(runName(base.name(), values, seed))));
                } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                    String reason = reason(copy, base.getClass());
                    if (seen.add(reason)) {
                        problems.add("setting " + setting + ": " + reason);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSweepException(problems);
        }
        return new SweepPlan(base, axes, replicateSeeds, settings);
    }

    /**
     * The seeds of {@code --seeds}: a count N means the base config's seed and the N-1 after it (so the first
     * replicate is the run the base config alone makes); a comma list gives the seeds themselves.
     */
    public static List<Long> parseSeeds(String spec, long baseSeed) {
        String text = spec == null ? "" : spec.trim();
        try {
            if (!text.contains(",")) {
                int count = Integer.parseInt(text);
                if (count < 1 || count > 1000) {
                    throw new InvalidSweepException(
                            "--seeds " + text + ": give a count from 1 to 1000, or a list" + " like --seeds 1,2,3");
                }
                List<Long> seeds = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    seeds.add(baseSeed + i);
                }
                return seeds;
            }
            List<Long> seeds = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                seeds.add(Long.parseLong(part.trim()));
            }
            return seeds;
        } catch (NumberFormatException e) {
            throw new InvalidSweepException(
                    "--seeds \"" + text + "\": expected a count (--seeds 3) or whole-number seeds (--seeds 1,2,3)");
        }
    }

    /** The strict reader's message for an invalid config tree (names the field and what is allowed). */
    private static String reason(ObjectNode tree, Class<? extends RunSpec> type) {
        try {
            ConfigJson.parse(ConfigJson.toJson(tree), type, "config");
            return "invalid config";
        } catch (ConfigFileException e) {
            return e.getMessage().replaceFirst("^config: ", "");
        }
    }

    private static String checkField(ObjectNode tree, SweepAxis axis) {
        if (axis.path().equals("name")) {
            return "--vary name: the run names are made from the base name and the setting; vary a setting instead";
        }
        String[] parts = axis.path().split("\\.");
        JsonNode node = tree;
        String at = "";
        for (String part : parts) {
            JsonNode child = node.get(part);
            if (child == null) {
                return "--vary " + axis.path() + ": unknown field \"" + part + "\"" + (at.isEmpty() ? "" : " in " + at)
                        + "; the fields there are " + fieldNames(node);
            }
            at = at.isEmpty() ? part : at + "." + part;
            node = child;
        }
        if (node.isObject()) {
            List<String> fields = new ArrayList<>();
            node.fieldNames().forEachRemaining(f -> fields.add(axis.path() + "." + f));
            return "--vary " + axis.path() + ": that is a section, not a setting; vary one of its fields: "
                    + String.join(", ", new TreeSet<>(fields));
        }
        for (JsonNode value : axis.values()) {
            String expected = typeMismatch(node, value);
            if (expected != null) {
                return "--vary " + axis.path() + ": " + value + " is not allowed: " + expected
                        + " (the base config has " + node + ")";
            }
        }
        return null;
    }

    /** What the value should be, or null when its JSON type fits the field. */
    private static String typeMismatch(JsonNode field, JsonNode value) {
        if (field.isTextual()) {
            return value.isTextual() ? null : "text";
        }
        if (field.isBoolean()) {
            return value.isBoolean() ? null : "true or false";
        }
        if (field.isIntegralNumber()) {
            return value.isIntegralNumber() ? null : "a whole number";
        }
        if (field.isNumber()) {
            return value.isNumber() ? null : "a number";
        }
        if (field.isArray()) {
            return value.isArray()
                    ? null
                    : "a JSON list like " + field + " (give the values as one JSON array:" + " FIELD=[[...],[...]])";
        }
        return null;
    }

    private static String fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static void set(ObjectNode tree, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.get(parts[i]);
        }
        node.set(parts[parts.length - 1], value.deepCopy());
    }

    private static List<List<JsonNode>> product(List<SweepAxis> axes) {
        List<List<JsonNode>> out = new ArrayList<>();
        out.add(List.of());
        for (SweepAxis axis : axes) {
            List<List<JsonNode>> next = new ArrayList<>();
            for (List<JsonNode> prefix : out) {
                for (JsonNode v : axis.values()) {
                    List<JsonNode> longer = new ArrayList<>(prefix);
                    longer.add(v);
                    next.add(longer);
                }
            }
            out = next;
        }
        return out;
    }

    /** e.g. {@code moe.placement=every2, moe.experts=4}. */
    public static String describe(List<SweepAxis> axes, List<JsonNode> values) {
        return describe(axes, values, null);
    }

    /** e.g. {@code moe.placement=every2, moe.experts=4, seed=43}; without the seed when it is null. */
    public static String describe(List<SweepAxis> axes, List<JsonNode> values, Long seed) {
        StringBuilder s = new StringBuilder();
        for (int a = 0; a < axes.size(); a++) {
            if (a > 0) {
                s.append(", ");
            }
            s.append(axes.get(a).path()).append('=').append(SweepAxis.label(values.get(a)));
        }
        if (seed != null) {
            s.append(s.isEmpty() ? "" : ", ").append(SEED_FIELD).append('=').append(seed);
        }
        return s.toString();
    }

    /** The base name plus the values (and seed), in the characters a config name allows, e.g. {@code base-every2-4-s43}. */
    static String runName(String baseName, List<JsonNode> values, Long seed) {
        StringBuilder s = new StringBuilder(baseName);
        for (JsonNode v : values) {
            s.append('-').append(SweepAxis.label(v).replaceAll("[^A-Za-z0-9._-]+", "_"));
        }
        if (seed != null) {
            s.append("-s").append(seed);
        }
        String name = s.toString();
        if (name.length() > MAX_NAME) {
            String hash = Integer.toHexString(name.hashCode());
            name = name.substring(0, MAX_NAME - hash.length() - 1) + "-" + hash;
        }
        return name;
    }

    public RunSpec base() {
        return base;
    }

    public List<SweepAxis> axes() {
        return axes;
    }

    /** The seeds every combination runs with; empty when each runs once with the base config's seed. */
    public List<Long> seeds() {
        return seeds;
    }

    public List<Setting> settings() {
        return settings;
    }
}
