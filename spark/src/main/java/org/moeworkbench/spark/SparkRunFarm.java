package org.moeworkbench.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.launch.Farm;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.study.RunAttempt;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner;

/**
 * A {@link Farm} on Apache Spark: each run of a study, or each expert of a hard MoE, is one task of one Spark job (one
 * partition each), so Spark spreads them over its executors, retries a task whose executor was lost and cancels the
 * job on request. Runs land through {@link RunAttempt} and experts through {@code HardMoeRunner.trainExpertTask}, so
 * a retried or speculative attempt never leaves two copies.
 */
public final class SparkRunFarm implements Farm {
    private final JavaSparkContext spark;
    private final String master;

    /** A farm on an existing context (tests, spark-submit). */
    public SparkRunFarm(JavaSparkContext spark) {
        this.spark = spark;
        this.master = spark.master();
    }

    /** Starts a Spark context on {@code master} with the workbench's defaults (see {@link #configure}). */
    public static SparkRunFarm open(String master, String applicationName) {
        return new SparkRunFarm(new JavaSparkContext(configure(new SparkConf(), master, applicationName)));
    }

    /**
     * The settings a farm needs: the master and name (unless spark-submit set them), one core per task unless
     * {@code spark.task.cpus} says otherwise, OpenMP limited to those cores on every executor, and the Spark UI off
     * (a study needs none, and it would hold a port).
     */
    static SparkConf configure(SparkConf conf, String master, String applicationName) {
        if (master != null && !master.isBlank()) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.master", "local[*]");
        conf.setIfMissing("spark.app.name", applicationName);
        conf.setIfMissing("spark.ui.enabled", "false");
        String cpus = conf.get("spark.task.cpus", "1");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", cpus);
        String executorOptions = conf.get("spark.executor.extraJavaOptions", "");
        if (!executorOptions.contains("--add-opens")) { // what spark-submit gives drivers, for executors on Java 17+
            conf.set(
                    "spark.executor.extraJavaOptions",
                    (executorOptions + " " + org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions())
                            .trim());
        }
        return conf;
    }

    public JavaSparkContext context() {
        return spark;
    }

    @Override
    public String where() {
        return "Spark master " + master + " (" + spark.defaultParallelism() + " task slots)";
    }

    @Override
    public List<RunRunner.Ending> trainAll(
            Path runsFolder, List<Task> tasks, Listener listener, CancellationToken cancel) throws IOException {
        List<SparkRunTask> shipped = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            shipped.add(new SparkRunTask(
                    i, runsFolder.toAbsolutePath().toString(), task.runId(), ConfigJson.toJson(task.spec())));
        }
        String group = "moe-" + java.util.UUID.randomUUID();
        Progress progress = new Progress(group, listener);
        spark.sc().addSparkListener(progress);
        Thread canceller = cancelOnRequest(group, cancel);
        try {
            spark.setJobGroup(group, "moe: " + tasks.size() + " runs into " + runsFolder, true);
            List<SparkRunTask.Outcome> outcomes = spark.parallelize(shipped, shipped.size())
                    .map(SparkRunTask::run)
                    .collect();
            List<RunRunner.Ending> endings = new ArrayList<>();
            for (SparkRunTask.Outcome o : outcomes) {
                RunRunner.Ending ending = o.ending();
                listener.taskEnded(o.index(), ending);
                endings.add(ending);
            }
            return endings;
        } catch (Exception e) { // SparkException (undeclared): cancelled, or a task failed spark.task.maxFailures times
            awaitTasksStopped(group);
            List<RunRunner.Ending> endings = new ArrayList<>();
            for (Task task : tasks) { // what landed did finish; the rest did not
                Path run = runsFolder.resolve(task.runId());
                endings.add(
                        RunDirectory.isRun(run)
                                ? RunAttempt.endingOf(run)
                                : new RunRunner.Ending(
                                        cancel.isCancelled() ? RunStatus.CANCELLED : RunStatus.FAILED,
                                        cancel.isCancelled() ? "cancelled" : "Spark job failed: " + e.getMessage(),
                                        Double.NaN));
            }
            return endings;
        } finally {
            canceller.interrupt();
            spark.clearJobGroup();
            spark.sc().removeSparkListener(progress);
        }
    }

    @Override
    public void trainExperts(Path runDir, List<Integer> experts, CancellationToken cancel) throws IOException {
        String folder = runDir.toAbsolutePath().toString();
        List<SparkExpertTask> shipped =
                experts.stream().map(e -> new SparkExpertTask(folder, e)).toList();
        String group = "moe-" + java.util.UUID.randomUUID();
        Thread canceller = cancelOnRequest(group, cancel);
        try {
            spark.setJobGroup(group, "moe: " + experts.size() + " experts of " + runDir, true);
            spark.parallelize(shipped, shipped.size()).map(SparkExpertTask::run).collect();
        } catch (Exception e) { // cancelled or failed: the expert stage reports which experts did not land
            System.err.println("warning: the Spark job of the experts ended early: " + e.getMessage());
        } finally {
            canceller.interrupt();
            spark.clearJobGroup();
        }
        try { // attempts of experts that landed later leave nothing worth keeping
            org.moeworkbench.engine.run.Folders.deleteTree(runDir.resolve(".attempts"));
        } catch (IOException e) {
            System.err.println("warning: could not remove " + runDir.resolve(".attempts") + ": " + e.getMessage());
        }
    }

    /**
     * A cancelled job's collect returns while its tasks are still stopping (each ends its run as cancelled and deletes
     * its attempt directory); waits up to 30 s for Spark to report them gone, so nothing is left half-written.
     */
    private void awaitTasksStopped(String group) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean running = false;
            for (int job : spark.statusTracker().getJobIdsForGroup(group)) {
                org.apache.spark.SparkJobInfo info = spark.statusTracker().getJobInfo(job);
                if (info == null) {
                    continue;
                }
                for (int stage : info.stageIds()) {
                    org.apache.spark.SparkStageInfo stageInfo =
                            spark.statusTracker().getStageInfo(stage);
                    running |= stageInfo != null && stageInfo.numActiveTasks() > 0;
                }
            }
            if (!running) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Thread cancelOnRequest(String group, CancellationToken cancel) {
        Thread thread = new Thread(
                () -> {
                    try {
                        while (!cancel.isCancelled()) {
                            Thread.sleep(200);
                        }
                        spark.cancelJobGroup(group);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "moe-spark-cancel");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void close() {
        spark.stop();
    }

    /** Turns Spark's task events of this farm's job into the farm listener's calls. */
    private static final class Progress extends SparkListener {
        private final String group;
        private final Listener listener;
        private final Map<Integer, Boolean> ourStages = new ConcurrentHashMap<>();

        Progress(String group, Listener listener) {
            this.group = group;
            this.listener = listener;
        }

        @Override
        public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted event) {
            java.util.Properties properties = event.properties();
            if (properties != null && group.equals(properties.getProperty("spark.jobGroup.id"))) {
                ourStages.put(event.stageInfo().stageId(), true);
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart event) {
            if (ourStages.containsKey(event.stageId())) {
                listener.taskStarted(
                        event.taskInfo().index(),
                        event.taskInfo().attemptNumber(),
                        event.taskInfo().host() + " executor "
                                + event.taskInfo().executorId());
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd event) {
            if (ourStages.containsKey(event.stageId()) && !event.taskInfo().successful()) {
                listener.attemptLost(
                        event.taskInfo().index(), event.taskInfo().attemptNumber(), String.valueOf(event.reason()));
            }
        }
    }
}
