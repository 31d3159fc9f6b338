package org.moeworkbench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.study.RunAttempt;
import org.moeworkbench.engine.study.RunFarm;
import org.moeworkbench.engine.study.StudyFile;
import org.moeworkbench.engine.study.Sweep;
import org.moeworkbench.engine.study.SweepAxis;
import org.moeworkbench.engine.study.SweepListener;
import org.moeworkbench.engine.study.SweepPlan;
import org.moeworkbench.engine.train.CancellationToken;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and two workers, each its own JVM started from Spark's own
 * launcher classes ({@code org.apache.spark.deploy.master.Master}, {@code ...worker.Worker}) with this test's class
 * path (nothing downloaded), one core each. A sweep runs on it and is compared bit for bit with the same sweep run
 * locally; then an executor JVM is killed (SIGKILL) in the middle of a task and Spark must retry it into one clean run.
 */
class SparkStandaloneClusterTest {
    private static final List<Process> daemons = new ArrayList<>();
    private static Path home;
    private static String master;
    private static SparkRunFarm farm;

    @TempDir
    static Path tmp;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        home = Files.createDirectories(tmp.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars")); // the launcher wants SPARK_HOME/jars; the class path comes below
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        daemons.add(daemon(
                "master",
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--webui-port",
                String.valueOf(freePort())));
        waitForPort(port, 60_000);
        for (int w = 1; w <= 2; w++) {
            daemons.add(daemon(
                    "worker" + w,
                    "org.apache.spark.deploy.worker.Worker",
                    "--host",
                    "127.0.0.1",
                    "--cores",
                    "1",
                    "--memory",
                    "3g",
                    "--webui-port",
                    String.valueOf(freePort()),
                    "--work-dir",
                    Files.createDirectories(tmp.resolve("work" + w)).toString(),
                    master));
        }
        SparkConf conf = SparkRunFarm.configure(new SparkConf(), master, "moe-cluster-test")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.executor.cores", "1")
                .set("spark.executor.memory", "1500m")
                .set("spark.cores.max", "2")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", String.join(" ", jvmOptions()));
        farm = new SparkRunFarm(new JavaSparkContext(conf));
        waitForExecutors(2, 120_000);
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        if (farm != null) {
            farm.close();
        }
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Test
    void aSweepOnTheClusterMatchesTheLocalSweepBitForBit() throws Exception {
        SweepPlan plan = SweepPlan.of(SparkSweepTest.tiny(), List.of(SweepAxis.parse("moe.experts=2,4")));
        Path local = dir.resolve("local");
        Path cluster = dir.resolve("cluster");
        Runners runners = Runners.standard();
        List<String> hosts = new ArrayList<>();
        SweepListener where = new SweepListener() {
            @Override
            public RunFarm.Listener farm(List<Integer> settingOfTask) {
                return new RunFarm.Listener() {
                    @Override
                    public void taskStarted(int index, int attempt, String on) {
                        hosts.add(on);
                    }
                };
            }
        };
        assertEquals(
                2,
                new Sweep(cluster, runners::of)
                        .runOn(farm, plan, where, new CancellationToken(), false)
                        .completed());
        System.out.println("cluster sweep tasks ran on: " + hosts);
        assertEquals(2, hosts.stream().distinct().count(), "one task on each worker's executor: " + hosts);
        localSweep(plan, "moe.experts=2,4", local);
        RunComparison.assertSameStudies(local, cluster);
    }

    @Test
    void aHardMoeWithItsExpertsOnTheClusterMatchesTheLocalRunBitForBit() throws Exception {
        org.moeworkbench.engine.config.HardMoeConfig config = SparkHardMoeTest.config();
        Path clusterRun = org.moeworkbench.engine.hardmoe.HardMoeRunner.create(
                dir.resolve("cluster-hard"), config, 2, java.time.Instant.now());
        var ending = new org.moeworkbench.engine.hardmoe.HardMoeRunner(farm)
                .train(clusterRun, new org.moeworkbench.engine.train.TrainingListener() {}, new CancellationToken());
        assertEquals(org.moeworkbench.engine.run.RunStatus.COMPLETED, ending.status(), ending.message());
        System.out.println("cluster hard MoE (K=2, experts on the workers): " + ending.message());

        Path local = dir.resolve("local-hard");
        Path configFile = dir.resolve("hard.json");
        org.moeworkbench.engine.config.ConfigJson.write(configFile, config);
        runCli(local, "hardmoe", "--config", configFile.toString(), "--runs", local.toString());
        Path localRun;
        try (var runs = Files.list(local)) {
            localRun = runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        HardMoeRunComparison.assertSameHardMoeRuns(localRun, clusterRun);
    }

    /** Runs the plain {@code moe} command in a JVM of its own with one OpenMP thread (as each executor has). */
    private static void runCli(Path logNextTo, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "org.moeworkbench.cli.MoeCli"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.redirectErrorStream(true);
        Path log = logNextTo.resolveSibling(logNextTo.getFileName() + ".log");
        builder.redirectOutput(log.toFile());
        int code = builder.start().waitFor();
        assertEquals(0, code, Files.readString(log));
    }

    /**
     * The same sweep with the plain {@code moe sweep} in a JVM of its own with one OpenMP thread, as each executor
     * has: the same arithmetic needs the same thread count (oneDNN picks its kernels by it).
     */
    private static void localSweep(SweepPlan plan, String vary, Path runs) throws Exception {
        Path config = runs.resolveSibling(runs.getFileName() + "-base.json");
        org.moeworkbench.engine.config.ConfigJson.write(config, plan.base());
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "org.moeworkbench.cli.MoeCli",
                "sweep",
                "--config",
                config.toString(),
                "--vary",
                vary,
                "--runs",
                runs.toString(),
                "--plain");
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.redirectErrorStream(true);
        Path log = runs.resolveSibling(runs.getFileName() + ".log");
        builder.redirectOutput(log.toFile());
        int code = builder.start().waitFor();
        assertEquals(0, code, Files.readString(log));
    }

    @Test
    void killingAnExecutorMidTaskEndsInOneCleanRunPerPoint() throws Exception {
        // long enough (8 epochs of 400 images) that the kill lands mid-task, after the first checkpoint
        org.moeworkbench.engine.config.ExperimentConfig base = SparkSweepTest.tiny(400);
        SweepPlan plan = SweepPlan.of(base, List.of(SweepAxis.parse("training.epochs=8")));
        Path cluster = dir.resolve("killed");
        AtomicBoolean killed = new AtomicBoolean();
        AtomicReference<String> lost = new AtomicReference<>();
        SweepListener killer = new SweepListener() {
            @Override
            public RunFarm.Listener farm(List<Integer> settingOfTask) {
                return new RunFarm.Listener() {
                    @Override
                    public void taskStarted(int index, int attempt, String on) {
                        if (attempt == 0 && killed.compareAndSet(false, true)) {
                            String executorId = on.substring(on.lastIndexOf(' ') + 1); // "127.0.0.1 executor 1"
                            Thread killerThread = new Thread(() -> killAnExecutorWhenTraining(cluster, executorId));
                            killerThread.setDaemon(true);
                            killerThread.start();
                        }
                    }

                    @Override
                    public void attemptLost(int index, int attempt, String reason) {
                        lost.set(reason);
                    }
                };
            }
        };
        Sweep.Result result =
                new Sweep(cluster, Runners.standard()::of).runOn(farm, plan, killer, new CancellationToken(), false);
        System.out.println("attempt lost: " + lost.get());
        assertTrue(lost.get() != null, "an attempt was lost to the kill");
        assertEquals(1, result.completed(), result.toString());
        StudyFile study = StudyFile.read(cluster);
        assertEquals(1, study.settings().get(0).runIds().size());
        try (var entries = Files.list(cluster)) {
            assertEquals(
                    List.of(study.settings().get(0).lastRunId(), "study.json"),
                    entries.map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith(".sweep"))
                            .sorted()
                            .toList());
        }
        assertFalse(Files.exists(cluster.resolve(RunAttempt.ATTEMPTS)), "the killed attempt's copy is cleaned up");
        Path local = dir.resolve("local-8");
        localSweep(plan, "training.epochs=8", local);
        RunComparison.assertSameStudies(local, cluster);
    }

    /** Waits until an attempt has written its first checkpoint, then kills its executor JVM with SIGKILL. */
    private static void killAnExecutorWhenTraining(Path study, String executorId) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            try (var attempts = Files.walk(study.resolve(RunAttempt.ATTEMPTS), 4)) {
                if (attempts.anyMatch(p -> p.getFileName().toString().endsWith(".ckpt"))) {
                    java.util.Optional<ProcessHandle> executor = ProcessHandle.current()
                            .descendants()
                            .filter(p -> isExecutor(p, executorId))
                            .findFirst();
                    System.out.println("kill -9 executor " + executor.map(ProcessHandle::pid));
                    executor.ifPresent(ProcessHandle::destroyForcibly);
                    return;
                }
            } catch (IOException | java.io.UncheckedIOException e) { // not there yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Executor {@code id}'s JVM: its /proc command line names Spark's executor backend and that id. */
    private static boolean isExecutor(ProcessHandle process, String id) {
        try {
            String cmdline = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
            return cmdline.contains("CoarseGrainedExecutorBackend") && cmdline.contains("--executor-id\0" + id + "\0");
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(
                List.of("-Dorg.bytedeco.javacpp.maxbytes=1g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3g"));
        for (String option : System.getProperty("moe.test.sparkOpens", "").split(" ")) {
            if (!option.isBlank()) {
                options.add(option);
            }
        }
        return options;
    }

    private static Process daemon(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(jvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.redirectErrorStream(true);
        builder.redirectOutput(tmp.resolve(name + ".log").toFile());
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void waitForPort(int port, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "the Spark master did not start: " + Files.readString(tmp.resolve("master.log")));
                }
                Thread.sleep(200);
            }
        }
    }

    private static void waitForExecutors(int count, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        // the driver counts itself among the executors' block managers
        while (farm.context().sc().getExecutorMemoryStatus().size() < count + 1) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the workers' executors did not register; worker log: "
                        + Files.readString(tmp.resolve("worker1.log")));
            }
            Thread.sleep(200);
        }
    }
}
