package org.moeworkbench.engine.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.study.RunAttempt;
import org.moeworkbench.engine.study.StudyFile;
import org.moeworkbench.engine.study.SweepPlan;

/**
 * Where each task of a study stands, read from the study folder alone: study.json (the run id of every setting, written
 * before a Spark job starts), the landed run directories and the attempts still training in {@code .attempts/}. Whoever
 * trains the study (a local {@code moe sweep}, a Spark driver and its executors on other machines) a window can follow
 * it through the shared folder.
 */
public final class StudyProgress {
    private StudyProgress() {}

    /** A task's state as its files show it. */
    public enum State {
        /** No run yet (a local sweep has not reached it), or queued on the cluster (no attempt has started). */
        WAITING,
        /** Training: a landed run of status running, or an attempt in {@code .attempts/}. */
        RUNNING,
        COMPLETED,
        CANCELLED,
        FAILED;

        public boolean finished() {
            return this == COMPLETED || this == CANCELLED || this == FAILED;
        }
    }

    /**
     * One setting (one seed) of the study.
     *
     * @param index        position in study.json
     * @param setting      the setting as {@code moe study} names it ({@code moe.experts=8, seed=2})
     * @param runId        its run id, null before the sweep reached it
     * @param state        see {@link State}
     * @param where        the directory it trains or trained in (the run, or its newest attempt), null if none
     * @param attempts     attempts started on a cluster and still on disk (0 for a local or a landed run)
     * @param epochsDone   epochs the run finished, from its metrics
     * @param epochs       epochs of its config
     * @param progress     0..1 by steps once one epoch has ended (its step count gives the steps per epoch), by
     *                     epochs before; 1 when completed
     * @param testAccuracy the test accuracy of a completed run, NaN before
     * @param message      one line for a queue row
     */
    public record Task(
            int index,
            String setting,
            String runId,
            State state,
            Path where,
            int attempts,
            int epochsDone,
            int epochs,
            double progress,
            double testAccuracy,
            String message) {}

    /** Every task of the study in {@code dir}. */
    public static List<Task> read(Path dir) throws IOException {
        StudyFile study = StudyFile.read(dir);
        int epochs = Math.max(1, study.base().training().epochs());
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < study.settings().size(); i++) {
            StudyFile.SettingRuns runs = study.settings().get(i);
            String label = SweepPlan.describe(study.axes(), runs.values(), runs.seed());
            tasks.add(task(dir, i, label, runs.lastRunId(), epochs));
        }
        return tasks;
    }

    private static Task task(Path dir, int index, String label, String runId, int epochs) throws IOException {
        if (runId == null) {
            return new Task(index, label, null, State.WAITING, null, 0, 0, epochs, 0, Double.NaN, "waiting");
        }
        Path landed = dir.resolve(runId);
        if (RunDirectory.isRun(landed)) {
            return landed(index, label, runId, landed, epochs);
        }
        List<Path> attempts = attemptsOf(dir, runId);
        if (attempts.isEmpty()) {
            return new Task(index, label, runId, State.WAITING, null, 0, 0, epochs, 0, Double.NaN, "queued");
        }
        Path newest = attempts.get(attempts.size() - 1);
        Curve curve = curve(newest, epochs);
        String attempt = attempts.size() > 1 ? "attempt " + attempts.size() + ", " : "";
        return new Task(
                index,
                label,
                runId,
                State.RUNNING,
                newest,
                attempts.size(),
                curve.epochsDone,
                epochs,
                curve.progress,
                Double.NaN,
                "training on the cluster (" + attempt + curve.text() + ")");
    }

    private static Task landed(int index, String label, String runId, Path run, int epochs) throws IOException {
        if (RunDirectory.isHardMoe(run)) {
            HardMoeRun hard = HardMoeRun.open(run);
            RunStatus status = hard.status();
            String message = status == RunStatus.COMPLETED && hard.results().isPresent()
                    ? "completed: " + HardMoeRun.summary(hard.results().get())
                    : status.json();
            return new Task(
                    index,
                    label,
                    runId,
                    state(status),
                    run,
                    0,
                    0,
                    epochs,
                    status == RunStatus.COMPLETED ? 1 : 0,
                    Double.NaN,
                    message);
        }
        RunDirectory directory = RunDirectory.open(run);
        RunStatus status = directory.hasProvenance() ? directory.provenance().status() : RunStatus.RUNNING;
        Curve curve = curve(run, epochs);
        String message = switch (status) {
            case COMPLETED -> "completed: test accuracy " + Percent.shortText(curve.testAccuracy);
            case RUNNING -> "training (" + curve.text() + ")";
            default ->
                status.json()
                        + (directory.provenance().message().isEmpty()
                                ? ""
                                : ": " + directory.provenance().message());
        };
        return new Task(
                index,
                label,
                runId,
                state(status),
                run,
                0,
                curve.epochsDone,
                epochs,
                status == RunStatus.COMPLETED ? 1 : curve.progress,
                curve.testAccuracy,
                message);
    }

    private static State state(RunStatus status) {
        return switch (status) {
            case RUNNING -> State.RUNNING;
            case COMPLETED -> State.COMPLETED;
            case CANCELLED -> State.CANCELLED;
            case FAILED -> State.FAILED;
        };
    }

    /** The attempt directories of {@code runId}, oldest first. */
    private static List<Path> attemptsOf(Path dir, String runId) throws IOException {
        Path attempts = dir.resolve(RunAttempt.ATTEMPTS);
        if (!Files.isDirectory(attempts)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(attempts)) {
            return all.map(attempt -> attempt.resolve(runId))
                    .filter(Files::isDirectory)
                    .sorted(Comparator.comparing(StudyProgress::modified))
                    .toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of(); // the driver removed .attempts/ as the job ended
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    /** What a run's metrics.jsonl says so far. */
    private record Curve(int epochsDone, int epochs, long step, double progress, double testAccuracy) {
        String text() {
            return step == 0
                    ? "starting"
                    : "epoch " + Math.min(epochs, epochsDone + 1) + " of " + epochs + ", step " + step;
        }
    }

    private static Curve curve(Path run, int epochs) {
        List<JsonNode> lines;
        try {
            lines = MetricsLog.read(run.resolve(RunDirectory.METRICS));
        } catch (IOException | RuntimeException e) {
            lines = List.of(); // not written yet, or a line being written: the next read sees it
        }
        int epochsDone = 0;
        long stepsPerEpoch = 0;
        long step = 0;
        double test = Double.NaN;
        for (JsonNode line : lines) {
            switch (line.path("type").asText()) {
                case "step" -> step = Math.max(step, line.path("step").asLong());
                case "epoch" -> {
                    epochsDone = Math.max(epochsDone, line.path("epoch").asInt());
                    step = Math.max(step, line.path("step").asLong());
                    if (stepsPerEpoch == 0 && line.path("epoch").asInt() == 1) {
                        stepsPerEpoch = line.path("step").asLong();
                    }
                }
                case "test" -> test = line.path("testAccuracy").asDouble(Double.NaN);
                default -> {}
            }
        }
        double progress = stepsPerEpoch > 0
                ? Math.min(1.0, step / (double) (stepsPerEpoch * epochs))
                : epochsDone / (double) epochs;
        return new Curve(epochsDone, epochs, step, progress, test);
    }
}
