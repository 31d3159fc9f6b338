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
            Class<? extends RunSpec> type =
                    node.has("moe") || !node.has("clusters") ? ExperimentConfig.class : HardMoeConfig.class;
            return context.readTreeAsValue(node, type);
        }
    }
}
