package org.moeworkbench.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.RunSpec;

/**
 * provenance.json: what made a run and how it ended, for every kind of run (dense, sparse MoE, hard MoE).
 * Rewritten (atomically) at start, at each resume and at the end. Files written before {@code kind} existed
 * still read: the kind then follows from the config (a hard MoE's has {@code clusters}, an experiment's {@code
 * moe}).
 *
 * @param runId          the run directory name
 * @param kind           what the run trains; always the config's own kind
 * @param config         the spec, as in config.json (hardmoe.json for a hard MoE)
 * @param environment    engine, ND4J, backend, device, Java, OS and git commit of the process that started
 *                       the run
 * @param datasetHash    SHA-256 of the dataset content
 * @param startedAt      ISO-8601 UTC time the run was created
 * @param endedAt        ISO-8601 UTC time it last stopped (null while running)
 * @param status         running, completed, cancelled or failed
 * @param message        why it failed or was cancelled (empty otherwise)
 * @param resumes        one entry per {@code --resume}
 */
public record Provenance(
        String runId,
        RunKind kind,
        @JsonDeserialize(using = RunSpec.Reader.class) RunSpec config,
        EnvironmentInfo environment,
        String datasetHash,
        String startedAt,
        String endedAt,
        RunStatus status,
        String message,
        List<Resume> resumes) {

    public Provenance {
        kind = config == null ? kind : config.kind();
        resumes = resumes == null ? List.of() : List.copyOf(resumes);
        message = message == null ? "" : message;
    }

    /**
     * Reads provenance.json. A file written before provenance named the run's kind gets it from its config (the
     * compact constructor), so run folders of earlier versions open as they are.
     */
    public static Provenance read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigFileException(file + ": cannot read the file (" + e + ")", "", e);
        }
        if (!text.contains("\"kind\"")) {
            try {
                JsonNode tree = ConfigJson.mapper().readTree(text);
                if (tree instanceof ObjectNode object) {
                    object.putNull("kind");
                    text = ConfigJson.mapper().writeValueAsString(object);
                }
            } catch (IOException e) {
                // not JSON: parsing it below names the file and the problem
            }
        }
        return ConfigJson.parseAllowingNulls(text, Provenance.class, file.toString());
    }

    /**
     * @param at          ISO-8601 UTC time of the resume
     * @param fromStep    global step the run continued from
     * @param environment the resuming process (it may differ from the first)
     * @param tookOverLockOf the holder named by a stale writer lock this resume took over (a process that died while
     *     writing the run; see {@link RunLock}), or null
     * @param checkpointFallback why the last checkpoint was damaged and which one the resume used instead, or null
     */
    public record Resume(
            String at, long fromStep, EnvironmentInfo environment, String tookOverLockOf, String checkpointFallback) {}

    public static Provenance started(
            String runId, RunSpec config, EnvironmentInfo environment, String datasetHash, Instant now) {
        return new Provenance(
                runId,
                config.kind(),
                config,
                environment,
                datasetHash,
                now.toString(),
                null,
                RunStatus.RUNNING,
                "",
                List.of());
    }

    public Provenance ended(RunStatus newStatus, String newMessage, Instant now) {
        return new Provenance(
                runId,
                kind,
                config,
                environment,
                datasetHash,
                startedAt,
                now.toString(),
                newStatus,
                newMessage,
                resumes);
    }

    public Provenance resumed(
            long fromStep, EnvironmentInfo resumer, Instant now, String tookOverLockOf, String checkpointFallback) {
        List<Resume> more = new ArrayList<>(resumes);
        more.add(new Resume(now.toString(), fromStep, resumer, tookOverLockOf, checkpointFallback));
        return new Provenance(
                runId, kind, config, environment, datasetHash, startedAt, null, RunStatus.RUNNING, "", more);
    }
}
