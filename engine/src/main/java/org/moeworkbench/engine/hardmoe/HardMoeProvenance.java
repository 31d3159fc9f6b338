package org.moeworkbench.engine.hardmoe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.run.EnvironmentInfo;
import org.moeworkbench.engine.run.Provenance;
import org.moeworkbench.engine.run.RunStatus;

/**
 * provenance.json of a hard-MoE run: the same fields as a sparse run's {@link Provenance}, with the
 * {@link HardMoeConfig} as {@code config}. In {@code resumes}, {@code fromStep} counts the experts that were
 * already trained when the run was continued.
 */
public record HardMoeProvenance(
        String runId,
        HardMoeConfig config,
        EnvironmentInfo environment,
        String datasetHash,
        String startedAt,
        String endedAt,
        RunStatus status,
        String message,
        List<Provenance.Resume> resumes) {

    public HardMoeProvenance {
        resumes = resumes == null ? List.of() : List.copyOf(resumes);
        message = message == null ? "" : message;
    }

    public static HardMoeProvenance started(
            String runId, HardMoeConfig config, EnvironmentInfo environment, String datasetHash, Instant now) {
        return new HardMoeProvenance(
                runId, config, environment, datasetHash, now.toString(), null, RunStatus.RUNNING, "", List.of());
    }

    public HardMoeProvenance ended(RunStatus newStatus, String newMessage, Instant now) {
        return new HardMoeProvenance(
                runId, config, environment, datasetHash, startedAt, now.toString(), newStatus, newMessage, resumes);
    }

    public HardMoeProvenance resumed(long expertsDone, EnvironmentInfo resumer, Instant now, String tookOverLockOf) {
        List<Provenance.Resume> more = new ArrayList<>(resumes);
        more.add(new Provenance.Resume(now.toString(), expertsDone, resumer, tookOverLockOf, null));
        return new HardMoeProvenance(
                runId, config, environment, datasetHash, startedAt, null, RunStatus.RUNNING, "", more);
    }
}
