package org.moeworkbench.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.RunSpec;

/** One provenance record for every kind of run; files written before it named the kind still read. */
class ProvenanceKindTest {
    @TempDir
    Path tmp;

    static HardMoeConfig hardMoe() throws IOException {
        try (InputStream in =
                ProvenanceKindTest.class.getResourceAsStream("/org/moeworkbench/sample/configs/sample-hardmoe.json")) {
            return ConfigJson.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), HardMoeConfig.class, "sample-hardmoe");
        }
    }

    @Test
    void eachKindRoundTripsWithItsKindWritten() throws IOException {
        ExperimentConfig sparse = ExperimentConfig.defaultSample();
        ExperimentConfig dense = new ExperimentConfig(
                "dense", 1, sparse.data(), sparse.augment(), sparse.model(), MoeConfig.dense(), sparse.training());
        for (RunSpec spec : new RunSpec[] {sparse, dense, hardMoe()}) {
            Provenance written = Provenance.started("r", spec, EnvironmentInfo.current(), "hash", Instant.EPOCH)
                    .ended(RunStatus.COMPLETED, "", Instant.EPOCH);
            Path file = tmp.resolve(spec.kind() + ".json");
            ConfigJson.write(file, written);
            assertTrue(
                    Files.readString(file)
                            .contains("\"kind\" : \"" + spec.kind().jsonName() + "\""),
                    Files.readString(file));
            Provenance read = Provenance.read(file);
            assertEquals(written, read);
            assertEquals(spec.kind(), read.kind());
            assertEquals(spec.getClass(), read.config().getClass());
        }
        assertEquals(RunKind.DENSE, dense.kind());
        assertEquals(RunKind.SPARSE_MOE, sparse.kind());
        assertEquals(RunKind.HARD_MOE, hardMoe().kind());
    }

    @Test
    void provenanceWithoutAKindTakesItFromTheConfig() throws IOException {
        for (RunSpec spec : new RunSpec[] {ExperimentConfig.defaultSample(), hardMoe()}) {
            ObjectNode old = ConfigJson.mapper()
                    .valueToTree(Provenance.started("r", spec, EnvironmentInfo.current(), "hash", Instant.EPOCH));
            old.remove("kind");
            Path file = tmp.resolve("old-" + spec.kind() + ".json");
            Files.writeString(file, ConfigJson.mapper().writeValueAsString(old));
            assertFalse(Files.readString(file).contains("\"kind\""));
            Provenance read = Provenance.read(file);
            assertEquals(spec.kind(), read.kind());
            assertInstanceOf(spec.getClass(), read.config());
            assertEquals(spec, read.config());
        }
    }
}
