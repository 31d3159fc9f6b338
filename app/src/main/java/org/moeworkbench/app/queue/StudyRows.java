package org.moeworkbench.app.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.app.common.UiBatcher;
import org.moeworkbench.engine.analysis.StudyProgress;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;

/**
 * The queue rows of one study, one per task (setting and seed), kept up to date from the study folder
 * ({@link StudyProgress}) and each task's metrics.jsonl: whoever trains it, a process on this machine or executors of
 * a Spark cluster, the folder says where each task stands.
 */
final class StudyRows {
    private final UiBatcher ui;
    private final List<RunJob> rows;
    private final Path studyDir;
    /** Per row: the directory whose metrics were relayed, and how many of its lines. */
    private final Path[] followed;

    private final int[] linesSeen;
    /** Rows already ended through the finisher (a finished task stays finished in every later read). */
    private final boolean[] ended;
    /** Per row: the newest routing snapshot told to the live routing views. */
    private final Path[] snapshots;

    StudyRows(UiBatcher ui, Path studyDir, List<RunJob> rows) {
        this.ui = ui;
        this.studyDir = studyDir;
        this.rows = List.copyOf(rows);
        this.followed = new Path[rows.size()];
        this.linesSeen = new int[rows.size()];
        this.ended = new boolean[rows.size()];
        this.snapshots = new Path[rows.size()];
    }

    List<RunJob> rows() {
        return rows;
    }

    /** True when every row has ended. */
    synchronized boolean allEnded() {
        for (boolean e : ended) {
            if (!e) {
                return false;
            }
        }
        return true;
    }

    /** Ends the rows the folder has not ended, as the study's process ended (cancelled, refused, failed). */
    synchronized void endRest(RunStatus status, String message) {
        for (int i = 0; i < rows.size(); i++) {
            if (!ended[i]) {
                ended[i] = true;
                finisher.finish(rows.get(i), status, message);
            }
        }
    }

    /** Reads the folder once and shows what it says (on the UI thread); a folder not written yet shows nothing new. */
    synchronized void update() {
        List<StudyProgress.Task> tasks;
        try {
            tasks = StudyProgress.read(studyDir);
        } catch (IOException | RuntimeException e) {
            return; // study.json not written yet, or being replaced: the next poll reads it
        }
        for (int i = 0; i < Math.min(tasks.size(), rows.size()); i++) {
            show(i, tasks.get(i));
        }
    }

    private void show(int i, StudyProgress.Task task) {
        RunJob job = rows.get(i);
        if (ended[i]) {
            return;
        }
        relayNewLines(i, job, task);
        String where = job.study().where() + (task.attempts() > 1 ? " (attempt " + task.attempts() + ")" : "");
        ui.post(() -> {
            job.where().set(where);
            if (task.where() != null) {
                job.runDir().set(task.where());
            }
            switch (task.state()) {
                case WAITING -> {
                    job.status().set(RunJob.Status.QUEUED);
                    job.progress().set(0);
                }
                case RUNNING -> job.status().set(RunJob.Status.RUNNING);
                default -> {}
            }
            if (!task.state().finished()) {
                job.progress().set(task.progress());
                if (!job.cancellation().isCancelled()) {
                    job.message().set(task.message());
                }
            }
        });
        if (task.state().finished() && !ended[i]) {
            ended[i] = true;
            RunStatus status = switch (task.state()) {
                case COMPLETED -> RunStatus.COMPLETED;
                case CANCELLED -> RunStatus.CANCELLED;
                default -> RunStatus.FAILED;
            };
            finisher.finish(job, status, task.message());
        }
    }

    /** The metrics lines of the task's directory not shown yet; a new attempt (a retry) starts its curves again. */
    private void relayNewLines(int i, RunJob job, StudyProgress.Task task) {
        if (task.where() == null || task.state() == StudyProgress.State.WAITING) {
            return;
        }
        List<JsonNode> lines;
        try {
            lines = MetricsLog.read(task.where().resolve(RunDirectory.METRICS));
        } catch (IOException | RuntimeException e) {
            return;
        }
        boolean landed = followed[i] != null
                && task.where().getFileName().equals(followed[i].getFileName())
                && lines.size() >= linesSeen[i];
        if (!task.where().equals(followed[i]) && !landed) {
            linesSeen[i] = 0; // another attempt: its own curves
            ui.post(() -> {
                job.loss().clear();
                job.auxLoss().clear();
                job.trainLoss().clear();
                job.validationAccuracy().clear();
            });
        }
        followed[i] = task.where();
        List<JsonNode> fresh = new ArrayList<>(lines.subList(Math.min(linesSeen[i], lines.size()), lines.size()));
        linesSeen[i] = lines.size();
        int epochs = task.epochs();
        for (JsonNode line : fresh) {
            AttachedRuns.relay(ui, job, line, epochs, null);
        }
        snapshots[i] = AttachedRuns.noticeRoutingSnapshot(ui, job, task.where(), snapshots[i]);
    }

    private AttachedRuns.Finisher finisher = (job, status, message) -> {};

    /** How a finished task is shown: the queue's own finish, so the Runs table and the run view follow. */
    StudyRows onFinished(AttachedRuns.Finisher finisher) {
        this.finisher = finisher;
        return this;
    }
}
