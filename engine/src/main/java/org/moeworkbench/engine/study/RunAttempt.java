package org.moeworkbench.engine.study;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.run.Folders;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * One attempt at one farmed run, made idempotent: it trains in {@code runsFolder/.attempts/ATTEMPT/RUN_ID} (the same
 * directory name as the result, so the run's own files name it correctly) and, when the run has completed or failed,
 * moves that directory to {@code runsFolder/RUN_ID} in one rename. If the run is already there (an earlier attempt
 * finished; a speculative copy won the race) the attempt's directory is deleted and the existing run's ending is
 * returned, so there is never a second copy and never a torn run. A cancelled attempt deletes its directory.
 */
public final class RunAttempt {
    /** Where attempts train, beside the finished runs (hidden from run lists: not a run directory name). */
    public static final String ATTEMPTS = ".attempts";

    private RunAttempt() {}

    /**
     * Trains {@code spec} as run {@code runId} of {@code runsFolder} (or returns the ending of the run already there).
     *
     * @param attempt a name unique to this attempt (e.g. Spark's task attempt id)
     */
    public static RunRunner.Ending train(
            Path runsFolder,
            String runId,
            RunSpec spec,
            String attempt,
            Function<RunKind, RunRunner> runners,
            TrainingListener listener,
            CancellationToken cancel)
            throws IOException {
        Path result = runsFolder.resolve(runId);
        if (RunDirectory.isRun(result)) {
            return endingOf(result);
        }
        Path attemptRoot = runsFolder.resolve(ATTEMPTS).resolve(attempt);
        Path work = attemptRoot.resolve(runId);
        Folders.deleteTree(work); // a rerun of the same attempt name (never a live one: names are unique per attempt)
        Files.createDirectories(attemptRoot);
        RunDirectory.create(work, spec);
        RunRunner.Ending ending = runners.apply(spec.kind()).train(work, listener, cancel);
        if (ending.status() == RunStatus.CANCELLED) {
            Folders.deleteTree(attemptRoot);
            return ending;
        }
        try {
            moveDirectory(work, result);
        } catch (IOException e) { // rename(2) onto a non-empty directory: ENOTEMPTY, a plain FileSystemException
            if (!RunDirectory.isRun(result)) {
                throw e;
            }
            Folders.deleteTree(attemptRoot); // another attempt of the same task landed first: keep that one
            return endingOf(result);
        }
        Folders.deleteTree(attemptRoot);
        return ending;
    }

    /**
     * After a farm's job has ended (completed, failed or cancelled): deletes the attempts folder. What is in it is
     * never a result: attempts of runs that landed were copies (a lost executor's half run), and runs that did not
     * land start anew under a new id when the sweep is run again. A cancelled task still stopping may leave a file
     * behind; the next job's clean-up takes it.
     */
    public static void cleanUp(Path runsFolder) {
        Path attempts = runsFolder.resolve(ATTEMPTS);
        for (int tries = 0; tries < 25; tries++) { // a cancelled task may still be writing for a moment
            try {
                Folders.deleteTree(attempts);
                return;
            } catch (IOException | java.io.UncheckedIOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        System.err.println("warning: could not remove " + attempts + " (tasks still writing?); it holds no result"
                + " and may be deleted");
    }

    /** The ending a finished run directory records. */
    public static RunRunner.Ending endingOf(Path run) throws IOException {
        RunDirectory directory = RunDirectory.open(run);
        RunStatus status = directory.hasProvenance() ? directory.provenance().status() : RunStatus.FAILED;
        double accuracy = Double.NaN;
        if (status == RunStatus.COMPLETED) { // a dense or sparse run's test line; a hard MoE's p@1 is in results.json
            for (com.fasterxml.jackson.databind.JsonNode line : MetricsLog.read(run.resolve(RunDirectory.METRICS))) {
                if (line.path("type").asText().equals("test")
                        && line.path("testAccuracy").isNumber()) {
                    accuracy = line.get("testAccuracy").asDouble();
                }
            }
        }
        String message = directory.hasProvenance() ? directory.provenance().message() : "no provenance.json";
        return new RunRunner.Ending(status, message == null ? "" : message, accuracy);
    }

    private static void moveDirectory(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "the runs folder " + to.getParent() + " cannot rename directories atomically (" + e.getMessage()
                            + "); farmed runs need a local or NFS folder",
                    e);
        }
    }
}
