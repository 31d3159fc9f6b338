package org.moeworkbench.engine.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Everything that decides what one run computes: a dense or sparse-MoE {@link ExperimentConfig}, or a {@link
 * HardMoeConfig}. Both are validated on construction and saved as JSON with sorted keys; the run directory and
 * its provenance hold one of them with its {@link #kind}.
 */
public sealed interface RunSpec permits ExperimentConfig, HardMoeConfig {

    /** The short name used in the run id. */
    String name();

    /** The same spec under another name (a sweep names each setting's run). */
    RunSpec withName(String name);

    /** Seeds everything random in the run. */
    long seed();

    DataConfig data();

    /** The backbone (for a hard MoE: of the trunk and of every expert). */
    ModelConfig model();

    /** Optimisation settings (for a hard MoE: of the trunk). */
    TrainingConfig training();

    RunKind kind();

    /**
     * The sparse or dense experiment this spec trains first: the config itself, or a hard MoE's trunk. The
     * designer's estimates, {@code moe describe} and the resource check use it.
     */
    ExperimentConfig backbone();

    /**
     * The specs of the run directories this spec makes: itself, or for a hard MoE with several K one spec per K
     * ({@code moe hardmoe} and the queue make one run per K; the second copies the first's trunk).
     */
    default java.util.List<RunSpec> perRun() {
        return java.util.List.of(this);
    }

    /** The name in the run id: {@link #name}, and for a hard MoE its K ({@code -k4}). */
    default String runName() {
        return name();
    }

    /** Whether a config's JSON is a hard MoE (it has {@code clusters} and no {@code moe}): the one rule. */
    static boolean isHardMoe(JsonNode node) {
        return node != null && node.has("clusters") && !node.has("moe");
    }

    /** Reads a spec file of either kind (a config.json, a designer or demo config), validated as its own record. */
    static RunSpec read(java.nio.file.Path file) {
        String text;
        JsonNode node;
        try { // read once: the tree picks the record, the strict reader validates the same text
            text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
            node = ConfigJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new ConfigFileException(file + ": cannot read the file as JSON (" + e.getMessage() + ")", "", e);
        }
        Class<? extends RunSpec> type = isHardMoe(node) ? HardMoeConfig.class : ExperimentConfig.class;
        return ConfigJson.parse(text, type, file.toString());
    }

    /** Parses a spec of either kind from JSON text ({@link ConfigJson#toJson} of a spec); {@code origin} names it. */
    static RunSpec parse(String text, String origin) {
        JsonNode node;
        try {
            node = ConfigJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new ConfigFileException(origin + ": not JSON (" + e.getMessage() + ")", "", e);
        }
        Class<? extends RunSpec> type = isHardMoe(node) ? HardMoeConfig.class : ExperimentConfig.class;
        return ConfigJson.parse(text, type, origin);
    }

    /**
     * Reads a spec whose kind the JSON does not name (provenance.json's {@code config}, annotated with this reader): an experiment has a {@code
     * moe} section, a hard MoE has {@code clusters} and no {@code moe}. Each is then read, and validated, as its
     * own record.
     */
    final class Reader extends StdDeserializer<RunSpec> {
        private static final long serialVersionUID = 1L;

        public Reader() {
            super(RunSpec.class);
        }

        @Override
        public RunSpec deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = context.readTree(parser);
            Class<? extends RunSpec> type = isHardMoe(node) ? HardMoeConfig.class : ExperimentConfig.class;
            return context.readTreeAsValue(node, type);
        }
    }
}
