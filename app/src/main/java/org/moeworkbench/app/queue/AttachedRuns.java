package org.moeworkbench.app.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import org.moeworkbench.app.common.CurvePoint;
import org.moeworkbench.app.common.UiBatcher;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunLock;
import org.moeworkbench.engine.run.RunStatus;

/**
 * The queue's view of trainings it did not start: runs another process is writing (its {@code writer.lock} held),
 * followed through their files on one watcher thread (metrics.jsonl every 2 s for sparse / dense runs, the lock
 * alone for hard MoEs) until the writer lets go, then ended through the queue's own finish.
 */
final class AttachedRuns implements AutoCloseable {
    /** How the queue shows a job's end (on the UI thread): its status and one-line message. */
    interface Finisher {
        void finish(RunJob job, RunStatus status, String message);
    }

    private final UiBatcher ui;
    private final Finisher finisher;

    AttachedRuns(UiBatcher ui, Finisher finisher) {
        this.ui = ui;
        this.finisher = finisher;
    }

    private final java.util.concurrent.ScheduledExecutorService attachWatcher =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "moe-attached-runs");
                t.setDaemon(true);
                return t;
            });

    /** Jobs for the runs of {@code folder} (not in {@code known}) that another process is writing now, followed. */
    List<RunJob> attach(Path folder, java.util.Set<Path> known) {
        List<RunJob> added = new java.util.ArrayList<>();
        if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
            return added;
        }
        try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(folder)) {
            for (Path dir : dirs.sorted().toList()) {
                if (known.contains(dir.toAbsolutePath())) {
                    continue;
                }
                if (RunDirectory.isHardMoe(dir)) {
                    attachHard(dir).ifPresent(added::add);
                    continue;
                }
                if (!java.nio.file.Files.isRegularFile(dir.resolve(RunDirectory.CONFIG))) {
                    continue;
                }
                var holder = RunLock.holder(dir);
                if (holder.isEmpty()) {
                    continue;
                }
                try {
                    RunDirectory run = RunDirectory.open(dir);
                    RunJob job = RunJob.attached(run.config(), dir, holder.get());
                    added.add(job);
                    follow(job, run);
                } catch (IOException | RuntimeException e) {
                    // not a sparse / dense run directory (a hard MoE, a damaged run): nothing to follow
                }
            }
        } catch (IOException e) {
            // the folder cannot be listed: nothing to attach
        }
        return added;
    }

    /** A running hard MoE of another process: shown as running until its writer lets go, then as it ended. */
    private java.util.Optional<RunJob> attachHard(Path dir) {
        var holder = RunLock.holder(dir);
        if (holder.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            HardMoeConfig config = HardMoeRun.open(dir).config();
            RunJob job = RunJob.attached(config, dir, holder.get());
            java.util.concurrent.ScheduledFuture<?>[] task = new java.util.concurrent.ScheduledFuture<?>[1];
            task[0] = attachWatcher.scheduleWithFixedDelay(
                    () -> {
                        if (RunLock.holder(dir).isPresent()) {
                            return;
                        }
                        task[0].cancel(false);
                        try {
                            HardMoeRun ended = HardMoeRun.open(dir);
                            RunStatus status = ended.status();
                            finisher.finish(
                                    job,
                                    status == RunStatus.RUNNING ? RunStatus.FAILED : status,
                                    status == RunStatus.COMPLETED
                                                    && ended.results().isPresent()
                                            ? "completed: "
                                                    + HardMoeRun.summary(
                                                            ended.results().get())
                                            : "ended (" + status.json() + ")");
                        } catch (IOException | RuntimeException e) {
                            finisher.finish(job, RunStatus.FAILED, "ended; its files do not read: " + e.getMessage());
                        }
                    },
                    0,
                    2,
                    java.util.concurrent.TimeUnit.SECONDS);
            return java.util.Optional.of(job);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Polls an attached run's metrics.jsonl every 2 s for new lines, until the writer lets go of the run. */
    private void follow(RunJob job, RunDirectory run) {
        int epochs = Math.max(1, job.config().training().epochs());
        long[] linesSeen = {0};
        Path[] lastSnapshot = {null};
        java.util.concurrent.ScheduledFuture<?>[] task = new java.util.concurrent.ScheduledFuture<?>[1];
        task[0] = attachWatcher.scheduleWithFixedDelay(
                () -> {
                    try {
                        List<com.fasterxml.jackson.databind.JsonNode> lines =
                                org.moeworkbench.engine.run.MetricsLog.read(run.metricsFile());
                        List<com.fasterxml.jackson.databind.JsonNode> fresh =
                                lines.subList((int) Math.min(linesSeen[0], lines.size()), lines.size());
                        linesSeen[0] = lines.size();
                        for (com.fasterxml.jackson.databind.JsonNode line : fresh) {
                            relay(ui, job, line, epochs, "attached: ");
                        }
                        lastSnapshot[0] = noticeRoutingSnapshot(ui, job, run.root(), lastSnapshot[0]);
                        if (RunLock.holder(run.root()).isEmpty()) {
                            task[0].cancel(false);
                            RunDirectory ended = RunDirectory.open(run.root());
                            RunStatus status =
                                    ended.hasProvenance() ? ended.provenance().status() : RunStatus.FAILED;
                            String message = ended.hasProvenance()
                                            && !ended.provenance().message().isEmpty()
                                    ? ended.provenance().message()
                                    : (status == RunStatus.RUNNING
                                            ? "the training process stopped without finishing (killed?); resume it"
                                            : status == RunStatus.COMPLETED
                                                    ? completedMessage(run)
                                                    : "ended (" + status.json() + ")");
                            finisher.finish(job, status == RunStatus.RUNNING ? RunStatus.FAILED : status, message);
                        }
                    } catch (IOException | RuntimeException e) {
                        // a line being written, a file being replaced: try again at the next poll
                    }
                },
                0,
                2,
                java.util.concurrent.TimeUnit.SECONDS);
    }

    /** "completed: test accuracy 61.2%" from the run's test line. */
    private static String completedMessage(RunDirectory run) throws IOException {
        for (com.fasterxml.jackson.databind.JsonNode line :
                org.moeworkbench.engine.run.MetricsLog.read(run.metricsFile())) {
            if (line.path("type").asText().equals("test")) {
                return "completed: test accuracy "
                        + org.moeworkbench.engine.analysis.Percent.shortText(
                                line.path("testAccuracy").asDouble());
            }
        }
        return "completed";
    }

    /**
     * Tells {@code job} about the newest routing snapshot of {@code runDir} when it is not {@code seen} (the live
     * routing views reload on it, as for a run this window trains); returns the newest one.
     */
    static Path noticeRoutingSnapshot(UiBatcher ui, RunJob job, Path runDir, Path seen) {
        Path newest = newestRoutingHeader(runDir.resolve("routing"));
        if (newest != null && !newest.equals(seen)) {
            ui.post(() -> {
                job.lastRoutingHeader().set(newest);
                job.routingSnapshots().set(job.routingSnapshots().get() + 1);
            });
            return newest;
        }
        return seen;
    }

    /** {@code final.json}, else the highest {@code epoch-NNNN.json} (a header is written after its binary), or null. */
    static Path newestRoutingHeader(Path routing) {
        if (java.nio.file.Files.isRegularFile(routing.resolve("final.json"))) {
            return routing.resolve("final.json");
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(routing)) {
            return files.filter(f -> f.getFileName().toString().matches("epoch-[0-9]{4}\\.json"))
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString()))
                    .orElse(null);
        } catch (IOException e) {
            return null; // no snapshot yet
        }
    }

    /**
     * One metrics.jsonl line of a run another process trains, shown as the listener would have shown its event;
     * {@code stepPrefix} null leaves the message and the progress to the caller.
     */
    static void relay(
            UiBatcher ui, RunJob job, com.fasterxml.jackson.databind.JsonNode line, int epochs, String stepPrefix) {
        String type = line.path("type").asText();
        double step = line.path("step").asDouble();
        int epoch = line.path("epoch").asInt();
        ui.post(() -> {
            switch (type) {
                case "step" -> {
                    job.loss().add(new CurvePoint(step, line.path("loss").asDouble()));
                    job.auxLoss().add(new CurvePoint(step, line.path("auxLoss").asDouble()));
                    List<double[]> load = new java.util.ArrayList<>();
                    line.path("expertLoad").forEach(layer -> {
                        double[] shares = new double[layer.size()];
                        for (int e = 0; e < shares.length; e++) {
                            shares[e] = layer.get(e).asDouble();
                        }
                        load.add(shares);
                    });
                    if (!load.isEmpty()) {
                        job.expertLoad().set(load);
                    }
                    List<org.moeworkbench.engine.moe.RoutingHealth> health =
                            org.moeworkbench.engine.analysis.HealthCurve.stepHealth(line, load);
                    if (!health.isEmpty()) {
                        job.health().set(health);
                    }
                    if (stepPrefix != null) {
                        job.progress().set(Math.min(1.0, Math.max(job.progress().get(), (epoch - 1.0) / epochs)));
                        job.message().set(stepPrefix + "epoch " + epoch + ", step " + (long) step);
                    }
                }
                case "epoch" -> {
                    job.trainLoss()
                            .add(new CurvePoint(epoch, line.path("trainLoss").asDouble()));
                    if (line.hasNonNull("validationAccuracy")) {
                        job.validationAccuracy()
                                .add(new CurvePoint(
                                        epoch, line.path("validationAccuracy").asDouble()));
                    }
                    if (stepPrefix != null) {
                        job.progress().set(Math.min(1.0, epoch / (double) epochs));
                    }
                }
                case "test" -> job.testAccuracy().set(line.path("testAccuracy").asDouble());
                case "alarm" -> job.alarms().add(org.moeworkbench.engine.analysis.TrainingCurves.alarm(line));
                default -> {}
            }
        });
    }

    @Override
    public void close() {
        attachWatcher.shutdownNow();
    }
}
