package org.moeworkbench.app.designer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import org.moeworkbench.app.common.BackgroundTasks;
import org.moeworkbench.app.runs.MeasuredSpeeds;
import org.moeworkbench.app.runs.Totals;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.moeworkbench.engine.layout.ModelPresets;

/**
 * The experiment designer without a UI: one text value per config field (keyed by the engine's dotted field
 * name), rebuilt into an {@link ExperimentConfig} on every edit. The engine's own validation decides what is
 * valid; its {@link InvalidConfigException} puts the reason on the field it names. Totals and the block
 * layout follow the last valid config.
 */
public final class DesignerModel {
    /** The MoE families the designer offers. */
    public static final String SPARSE = "sparse top-k MoE";

    public static final String HARD = "hard MoE (Gross et al.)";

    private enum Kind {
        TEXT,
        INTEGER,
        NUMBER,
        BOOLEAN,
        INTEGER_LIST
    }

    private static final ObjectMapper JSON = ConfigJson.mapper();
    /** Field kinds, read off the default config's JSON so they follow the engine's records. */
    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();
    /** The hard-MoE demo config (sample-data's sample-hardmoe.json): the hard form's defaults. */
    public static final String HARD_DEMO = "/org/moeworkbench/sample/configs/sample-hardmoe.json";
    /** The hard-MoE-only fields (clusters, pcaDims, ...), read off the demo's JSON like {@link #KINDS}. */
    private static final Map<String, Kind> HARD_KINDS = new LinkedHashMap<>();

    static {
        flatten("", JSON.valueToTree(ExperimentConfig.defaultSample()), (key, node) -> KINDS.put(key, kindOf(node)));
        flatten("", JSON.valueToTree(hardDemo()), (key, node) -> {
            if (!KINDS.containsKey(key)) {
                HARD_KINDS.put(key, kindOf(node));
            }
        });
        for (String key : KINDS.keySet()) {
            FieldInfo.get(key); // every config field has a label and a tooltip
        }
        for (String key : HARD_KINDS.keySet()) {
            FieldInfo.get(key);
        }
    }

    private final Map<String, StringProperty> values = new LinkedHashMap<>();
    private final ObservableMap<String, String> errors = FXCollections.observableHashMap();
    private final StringProperty generalError = new SimpleStringProperty("");
    private final StringProperty family = new SimpleStringProperty(SPARSE);
    private final ObjectProperty<ExperimentConfig> config = new SimpleObjectProperty<>();
    private final ObjectProperty<HardMoeConfig> hardConfig = new SimpleObjectProperty<>();
    private boolean hardDefaultsLoaded;
    /** The form each family held when the user switched away from it. */
    private final Map<String, Map<String, String>> formOfFamily = new java.util.HashMap<>();

    private final ObjectProperty<BackboneLayout> layout = new SimpleObjectProperty<>();
    private final ObjectProperty<Totals> totals = new SimpleObjectProperty<>();
    private final ObjectProperty<DataShape> dataShape = new SimpleObjectProperty<>();
    private final ObjectProperty<MeasuredSpeeds> speeds = new SimpleObjectProperty<>(MeasuredSpeeds.NONE);
    private final StringProperty dataProbe = new SimpleStringProperty("");
    private final BackgroundTasks tasks;
    private boolean loading;

    /** A designer that reads datasets on the calling thread: for tests and tools (the app injects its tasks). */
    public DesignerModel() {
        this(BackgroundTasks.currentThread());
    }

    public DesignerModel(BackgroundTasks tasks) {
        this.tasks = tasks;
        for (String key : allKinds().keySet()) {
            StringProperty p = new SimpleStringProperty(this, key, "");
            p.addListener((obs, old, now) -> recompute());
            values.put(key, p);
        }
        values.get("model.preset").addListener((obs, old, now) -> {
            if (!loading && now != null && ModelPresets.names().contains(now)) {
                applyPreset(now);
            }
        });
        family.addListener((obs, old, now) -> {
            if (loading) {
                recompute();
                return;
            }
            // each family keeps its own form: switching back restores what it held (a sparse model is not left
            // with the trunk's name, tags task and single block)
            if (old != null) {
                formOfFamily.put(old, snapshot());
            }
            Map<String, String> saved = formOfFamily.get(now);
            if (saved != null) {
                restore(saved);
            } else if (HARD.equals(now) && !hardDefaultsLoaded) {
                // the first switch to hard MoE fills the whole form (trunk included) from the hard-MoE demo
                load(hardDemo());
            } else {
                recompute();
            }
        });
        dataShape.addListener((obs, old, now) -> recompute());
        speeds.addListener((obs, old, now) -> recompute());
        loading = true;
        try {
            flatten("", JSON.valueToTree(hardDemo()), (key, node) -> {
                if (HARD_KINDS.containsKey(key)) {
                    values.get(key).set(text(node));
                }
            });
        } finally {
            loading = false;
        }
        load(ExperimentConfig.defaultSample());
    }

    /** The hard-MoE demo config shipped with the sample data. */
    public static HardMoeConfig hardDemo() {
        try (InputStream in = DesignerModel.class.getResourceAsStream(HARD_DEMO)) {
            if (in == null) {
                throw new IllegalStateException(HARD_DEMO + " is not on the class path (module moe-sample-data)");
            }
            return ConfigJson.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), HardMoeConfig.class, HARD_DEMO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Kind> allKinds() {
        Map<String, Kind> all = new LinkedHashMap<>(KINDS);
        all.putAll(HARD_KINDS);
        return all;
    }

    /** True for the fields of the hard-MoE section (not shown for the sparse family). */
    public static boolean isHardOnly(String key) {
        return HARD_KINDS.containsKey(key);
    }

    /** True for the sparse MoE-layer fields (not part of a hard MoE). */
    public static boolean isSparseOnly(String key) {
        return key.startsWith("moe.");
    }

    /** What Train queues: the hard-MoE config in the hard family, else the experiment. */
    public RunSpec spec() {
        return hard() ? hardConfig().get() : config().get();
    }

    public boolean hard() {
        return HARD.equals(family.get());
    }

    /** Every designer field key, in form order. */
    public static List<String> keys() {
        return FieldInfo.all().stream()
                .map(FieldInfo::key)
                .filter(k -> KINDS.containsKey(k) || HARD_KINDS.containsKey(k))
                .toList();
    }

    public StringProperty value(String key) {
        StringProperty p = values.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no designer field " + key);
        }
        return p;
    }

    /** Field key to the reason its value is refused (the engine's message). */
    public ObservableMap<String, String> errors() {
        return errors;
    }

    /** A problem not tied to one field (e.g. the dataset cannot be opened), or "". */
    public StringProperty generalError() {
        return generalError;
    }

    public StringProperty family() {
        return family;
    }

    /**
     * The config the form describes, or null while a field is invalid. For the hard family it is the trunk alone
     * (a dense network; it drives the block diagram and the totals); the hard MoE is {@link #hardConfig}.
     */
    public ObjectProperty<ExperimentConfig> config() {
        return config;
    }

    /** The hard MoE the form describes (hard family only), or null while a field is invalid. */
    public ObjectProperty<HardMoeConfig> hardConfig() {
        return hardConfig;
    }

    /** Blocks of the last valid config (for the block diagram). */
    public ObjectProperty<BackboneLayout> layout() {
        return layout;
    }

    public ObjectProperty<Totals> totals() {
        return totals;
    }

    /** The dataset's classes, channels and sizes; set by {@link DataShape#probe} for a user dataset. */
    /** "Data: reading SOURCE ..." while a dataset's shape is read, else empty. */
    public StringProperty dataProbe() {
        return dataProbe;
    }

    /**
     * Reads the shape of the chosen dataset (images, classes, size) in the background; the sample data needs no
     * reading. A dataset that cannot be read is reported in {@link #generalError}.
     */
    public void probeData() {
        ExperimentConfig current = config().get();
        String source = value("data.source").get();
        if (current == null || source == null || source.equals("sample")) {
            return;
        }
        dataProbe.set("Data: reading " + source + " ...");
        tasks.run(
                "data-probe",
                () -> DataShape.probe(current.data()),
                shape -> {
                    dataProbe.set("");
                    generalError().set("");
                    dataShape.set(shape);
                },
                e -> {
                    dataProbe.set("");
                    generalError().set("data: " + e.getMessage());
                });
    }

    public ObjectProperty<DataShape> dataShape() {
        return dataShape;
    }

    /** Training speeds measured on this machine; the time estimate uses the run most like the designed model. */
    public ObjectProperty<MeasuredSpeeds> speeds() {
        return speeds;
    }

    public boolean valid() {
        boolean built = hard() ? hardConfig.get() != null : config.get() != null;
        return built && errors.isEmpty() && generalError.get().isEmpty();
    }

    /** Fills every field from {@code experiment}. */
    public void load(ExperimentConfig experiment) {
        loading = true;
        try {
            family.set(SPARSE);
            flatten(
                    "",
                    JSON.valueToTree(experiment),
                    (key, node) -> values.get(key).set(text(node)));
            if (experiment.data().source().equals("sample")) {
                dataShape.set(DataShape.ofSample(experiment.data()));
            }
        } finally {
            loading = false;
        }
        recompute();
    }

    /** Fills every field from a hard-MoE config and switches the family to hard MoE. */
    public void load(HardMoeConfig hardMoe) {
        loading = true;
        try {
            family.set(HARD);
            hardDefaultsLoaded = true;
            flatten(
                    "",
                    JSON.valueToTree(hardMoe),
                    (key, node) -> values.get(key).set(text(node)));
            if (hardMoe.data().source().equals("sample")) {
                dataShape.set(DataShape.ofSample(hardMoe.data()));
            }
        } finally {
            loading = false;
        }
        recompute();
    }

    private Map<String, String> snapshot() {
        Map<String, String> form = new LinkedHashMap<>();
        values.forEach((key, value) -> form.put(key, value.get()));
        return form;
    }

    private void restore(Map<String, String> form) {
        loading = true;
        try {
            form.forEach((key, value) -> values.get(key).set(value));
        } finally {
            loading = false;
        }
        recompute();
    }

    /** The family's default config: the sparse default sample, or the hard-MoE demo. */
    public void loadDefault() {
        if (hard()) {
            load(hardDemo());
        } else {
            load(ExperimentConfig.defaultSample());
        }
    }

    /** Saves the form as JSON with sorted keys: an experiment config, or a hard-MoE config (moe hardmoe --config). */
    public void save(Path file) throws IOException {
        Object current = hard() ? hardConfig.get() : config.get();
        if (current == null || !valid()) {
            throw new IOException("the config is not valid: " + describeErrors());
        }
        ConfigJson.write(file, current);
    }

    /**
     * Opens a config file: a hard-MoE config (it has "clusters") or an experiment config. A bad file is refused
     * with the engine's message and the form is left as it was.
     */
    public void open(Path file) {
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigFileException(file + ": not readable JSON (" + e.getMessage() + ")", "", e);
        }
        if (RunSpec.isHardMoe(tree)) {
            load(ConfigJson.read(file, HardMoeConfig.class));
        } else {
            load(ConfigJson.readExperiment(file));
        }
    }

    /** A preset fills the backbone fields and the image size it is designed for. */
    public void applyPreset(String name) {
        ModelPresets.Preset preset = ModelPresets.preset(name);
        loading = true;
        try {
            flatten(
                    "model",
                    JSON.valueToTree(preset.config()),
                    (key, node) -> values.get(key).set(text(node)));
            values.get("data.imageSize").set(Integer.toString(preset.imageSize()));
        } finally {
            loading = false;
        }
        recompute();
    }

    /** A placement preset (every2, stage, last2, last3) fills the diagram. */
    public void applyPlacement(String placement) {
        loading = true;
        try {
            values.get("moe.placement").set(placement);
            values.get("moe.blocks").set("");
            if (parseLong(values.get("moe.experts").get(), 0) == 0) {
                values.get("moe.experts").set("4");
            }
        } finally {
            loading = false;
        }
        recompute();
    }

    /** Toggles the MoE layer of one block; the placement becomes the explicit list "blocks". */
    public void toggleBlock(int block) {
        BackboneLayout current = layout.get();
        TreeSet<Integer> chosen = new TreeSet<>();
        if (current != null) {
            current.moeBlocks().forEach(b -> chosen.add(b.index()));
        }
        if (!chosen.remove(block)) {
            chosen.add(block);
        }
        loading = true;
        try {
            values.get("moe.placement").set("blocks");
            values.get("moe.blocks").set(chosen.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            if (!chosen.isEmpty() && parseLong(values.get("moe.experts").get(), 0) == 0) {
                values.get("moe.experts").set("4");
            }
        } finally {
            loading = false;
        }
        recompute();
    }

    public String describeErrors() {
        List<String> all = new ArrayList<>(errors.values());
        if (!generalError.get().isEmpty()) {
            all.add(generalError.get());
        }
        return String.join("; ", all);
    }

    /** Rebuilds the config from the texts; called on every edit. */
    void recompute() {
        if (loading) {
            return;
        }
        boolean hardFamily = hard();
        Map<String, String> found = new LinkedHashMap<>();
        ObjectNode root = JSON.createObjectNode();
        for (Map.Entry<String, Kind> field : allKinds().entrySet()) {
            String key = field.getKey();
            if (hardFamily ? isSparseOnly(key) : isHardOnly(key)) {
                continue;
            }
            String text =
                    values.get(key).get() == null ? "" : values.get(key).get().trim();
            try {
                put(root, key, parse(text, field.getValue()));
            } catch (IllegalArgumentException e) {
                found.put(key, key + " = \"" + text + "\" is not allowed: " + e.getMessage());
            }
        }
        ExperimentConfig built = null;
        HardMoeConfig builtHard = null;
        String general = "";
        if (found.isEmpty()) {
            try {
                if (hardFamily) {
                    builtHard = JSON.treeToValue(root, HardMoeConfig.class);
                    // the trunk as a dense experiment: the diagram and the totals show one trunk-sized network
                    built = builtHard.trunkExperiment();
                } else {
                    built = JSON.treeToValue(root, ExperimentConfig.class);
                }
            } catch (InvalidConfigException invalid) {
                found.put(fieldKey(invalid.field()), invalid.getMessage());
            } catch (ValueInstantiationException e) {
                if (e.getCause() instanceof InvalidConfigException invalid) {
                    found.put(fieldKey(invalid.field()), invalid.getMessage());
                } else {
                    general = String.valueOf(
                            e.getCause() == null
                                    ? e.getOriginalMessage()
                                    : e.getCause().getMessage());
                }
            } catch (JsonProcessingException e) {
                general = e.getOriginalMessage();
            }
        }
        BackboneLayout builtLayout = null;
        if (built != null) {
            DataShape shape = dataShape.get();
            if (shape == null || built.data().source().equals("sample")) {
                shape = DataShape.ofSample(built.data());
                if (!shape.equals(dataShape.get())) {
                    // the "Data:" line follows the sample size and image size fields (it kept saying 10000
                    // images after data.sampleImages was set to 3000); the set recomputes once more, unchanged
                    dataShape.set(shape);
                    return;
                }
            }
            try {
                builtLayout = BackboneLayout.of(
                        built.model(),
                        built.moe(),
                        shape.classes(),
                        shape.channels(),
                        built.data().imageSize());
                totals.set(Totals.of(
                        built, builtLayout, shape, speeds.get() == null ? MeasuredSpeeds.NONE : speeds.get()));
            } catch (InvalidConfigException invalid) {
                found.put(fieldKey(invalid.field()), invalid.getMessage());
                built = null;
            }
        }
        errors.keySet().retainAll(found.keySet());
        errors.putAll(found);
        generalError.set(general);
        config.set(found.isEmpty() ? built : null);
        hardConfig.set(found.isEmpty() && built != null ? builtHard : null);
        if (builtLayout != null) {
            layout.set(builtLayout);
        }
    }

    /** "moe.blocks[1]" names the field "moe.blocks"; a name the form does not show goes to the general error. */
    static String fieldKey(String engineField) {
        String key = engineField.replaceAll("\\[\\d+]", "");
        int colon = key.lastIndexOf(": ");
        if (colon >= 0) {
            key = key.substring(colon + 2);
        }
        return KINDS.containsKey(key) || HARD_KINDS.containsKey(key) ? key : "";
    }

    private static JsonNode parse(String text, Kind kind) {
        switch (kind) {
            case TEXT:
                return JSON.getNodeFactory().textNode(text);
            case INTEGER:
                try {
                    return JSON.getNodeFactory().numberNode(Long.parseLong(text));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a whole number");
                }
            case NUMBER:
                try {
                    double d = Double.parseDouble(text);
                    if (!Double.isFinite(d)) {
                        throw new NumberFormatException();
                    }
                    return JSON.getNodeFactory().numberNode(d);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a number");
                }
            case BOOLEAN:
                if (text.equals("true") || text.equals("false")) {
                    return JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(text));
                }
                throw new IllegalArgumentException("true or false");
            case INTEGER_LIST:
            default:
                ArrayNode list = JSON.createArrayNode();
                for (String part : text.split("[,\\s]+")) {
                    if (part.isEmpty()) {
                        continue;
                    }
                    try {
                        list.add(Integer.parseInt(part));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("whole numbers separated by commas");
                    }
                }
                return list;
        }
    }

    private static void put(ObjectNode root, String key, JsonNode value) {
        String[] parts = key.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }

    private static Kind kindOf(JsonNode node) {
        if (node.isArray()) {
            return Kind.INTEGER_LIST;
        }
        if (node.isBoolean()) {
            return Kind.BOOLEAN;
        }
        if (node.isIntegralNumber()) {
            return Kind.INTEGER;
        }
        if (node.isNumber()) {
            return Kind.NUMBER;
        }
        return Kind.TEXT;
    }

    private static String text(JsonNode node) {
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(n.asText()));
            return String.join(", ", parts);
        }
        if (node.isFloatingPointNumber()) {
            double d = node.asDouble();
            return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) + ".0" : Double.toString(d);
        }
        return node.asText();
    }

    private static void flatten(String prefix, JsonNode node, java.util.function.BiConsumer<String, JsonNode> leaf) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (f.getValue().isObject()) {
                flatten(key, f.getValue(), leaf);
            } else {
                leaf.accept(key, f.getValue());
            }
        }
    }

    private static long parseLong(String text, long fallback) {
        try {
            return Long.parseLong(text.trim());
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** Reads a config the way the engine does, for "Open config". */
    public static ExperimentConfig read(Path file) throws ConfigFileException {
        return ConfigJson.readExperiment(file);
    }
}
