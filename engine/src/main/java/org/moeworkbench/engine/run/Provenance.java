package org.moeworkbench.engine.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.ExperimentConfig;

/**
 * provenance.json: what made a run and how it ended. Rewritten (atomically) at start, at each resume and
 * at the end.
 *
 * @param runId          the run directory name
 * @param config         the config, as in config.json
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
        ExperimentConfig config,
        EnvironmentInfo environment,
        String datasetHash,
        String startedAt,
        String endedAt,
        RunStatus status,
        String message,
        List<Resume> resumes) {

    public Provenance {
        resumes = resumes == null ? List.of() : List.copyOf(resumes);
        message = message == null ? "" : message;
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
            String runId, ExperimentConfig config, EnvironmentInfo environment, String datasetHash, Instant now) {
        return new Provenance(
                runId, config, environment, datasetHash, now.toString(), null, RunStatus.RUNNING, "", List.of());
    }

    public Provenance ended(RunStatus newStatus, String newMessage, Instant now) {
        return new Provenance(
                runId, config, environment, datasetHash, startedAt, now.toString(), newStatus, newMessage, resumes);
    }

    public Provenance resumed(
            long fromStep, EnvironmentInfo resumer, Instant now, String tookOverLockOf, String checkpointFallback) {
        List<Resume> more = new ArrayList<>(resumes);
        more.add(new Resume(now.toString(), fromStep, resumer, tookOverLockOf, checkpointFallback));
        return new Provenance(runId, config, environment, datasetHash, startedAt, null, RunStatus.RUNNING, "", more);
    }
}
