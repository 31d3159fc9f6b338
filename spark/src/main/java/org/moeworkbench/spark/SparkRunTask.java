package org.moeworkbench.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.TaskContext;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.study.RunAttempt;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner;
import org.moeworkbench.engine.train.TrainingListener;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One farmed run as a Spark task: what the driver ships (plain strings, so any executor with the workbench's jar can
 * read it) and what runs on the executor.
 *
 * @param index      the task's position in the farm's list
 * @param runsFolder the runs (study) folder, a path every executor sees (the same local path, or NFS)
 * @param runId      the run's directory name there
 * @param specJson   the run's config.json text
 */
public record SparkRunTask(int index, String runsFolder, String runId, String specJson) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How the task ended, back to the driver. */
    public record Outcome(int index, String status, String message, double accuracy, String host)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        RunRunner.Ending ending() {
            return new RunRunner.Ending(RunStatus.valueOf(status), message, accuracy);
        }
    }

    /** Runs on the executor: trains the run in a directory of this attempt and moves it into place when it ends. */
    public Outcome run() {
        TaskContext context = TaskContext.get();
        String attempt = attemptName(context);
        if (context != null) {
            limitThreads(context.cpus()); // tasks must not oversubscribe the executor's cores
        }
        CancellationToken cancel = new CancellationToken();
        Thread watcher = context == null ? null : watchForKill(context, cancel);
        try {
            RunSpec spec = RunSpec.parse(specJson, "the task's config of run " + runId);
            RunRunner.Ending ending = RunAttempt.train(
                    Path.of(runsFolder),
                    runId,
                    spec,
                    attempt,
                    Runners.standard()::of,
                    new TrainingListener() {},
                    cancel);
            return new Outcome(index, ending.status().name(), ending.message(), ending.accuracy(), host());
        } catch (IOException e) {
            throw new UncheckedIOException("run " + runId + " in " + runsFolder + ": " + e.getMessage(), e);
        } finally {
            if (watcher != null) {
                watcher.interrupt();
            }
        }
    }

    /** Unique across applications too: task attempt ids restart at 0 in every Spark application. */
    static String attemptName(TaskContext context) {
        if (context == null) {
            return "local-" + System.nanoTime();
        }
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        String app = env == null ? "app" : env.conf().get("spark.app.id", "app");
        return app + "-task-" + context.taskAttemptId();
    }

    /** ND4J's own threads and OpenMP's: the cores Spark gave this task ({@code spark.task.cpus}). */
    static void limitThreads(int cpus) {
        int threads = Math.max(1, cpus);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }

    /** Spark interrupts a killed task's thread; training polls a token, so the watcher turns the one into the other. */
    static Thread watchForKill(TaskContext context, CancellationToken cancel) {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (!context.isInterrupted() && !context.isCompleted()) {
                            Thread.sleep(200);
                        }
                        if (context.isInterrupted()) {
                            cancel.cancel();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "moe-task-kill-watch");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName() + " (pid "
                    + ProcessHandle.current().pid() + ")";
        } catch (IOException e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }
}
