package org.moeworkbench.app.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.moeworkbench.app.queue.StudyLauncher;
import org.moeworkbench.app.queue.StudyRequest;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.TrainingHeap;

/**
 * Trains a study in a child JVM: on this machine {@link StudyProcessMain} on the app's class path (one run after the
 * other, with a training's fixed heap); on Spark the Spark build, {@code java -jar moe-spark.jar sweep ... --spark
 * MASTER}, the command the README gives, so the app needs no Spark on its own class path. Cancel sends SIGTERM, which
 * both stop on after the current step (Spark: the job is cancelled). Their output goes to a log in the temporary
 * folder, named in the message when they fail.
 */
public final class ChildStudyLauncher implements StudyLauncher {
    private final Path java;
    private final Supplier<Path> sparkBuild;

    /** @param sparkBuild the Spark build's jar ({@link SparkBuild#find}), read when a Spark study starts; null if none */
    public ChildStudyLauncher(Path java, Supplier<Path> sparkBuild) {
        this.java = java;
        this.sparkBuild = sparkBuild;
    }

    /** The child's command line for {@code request}, its spec in {@code specFile}. */
    List<String> command(StudyRequest request, Path specFile) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        if (request.onSpark()) {
            Path jar = sparkBuild.get();
            if (jar == null) {
                throw new IllegalStateException(SparkBuild.MISSING);
            }
            // the driver (and, on local[N], the executors) of one study; the jar's manifest opens the JDK packages
            command.add("-Xmx2g");
            command.add("-jar");
            command.add(jar.toString());
            command.addAll(List.of(
                    "sweep",
                    "--config",
                    specFile.toString(),
                    "--runs",
                    request.studyDir().toAbsolutePath().toString(),
                    "--plain",
                    "--spark",
                    request.sparkMaster()));
            if (!request.seeds().isEmpty()) {
                command.addAll(List.of("--seeds", request.seeds()));
            }
            request.vary().forEach(axis -> command.addAll(List.of("--vary", axis)));
            return command;
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("moe."))
                .sorted()
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.addAll(TrainingHeap.jvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StudyProcessMain.class.getName());
        command.addAll(StudyProcessMain.arguments(request, specFile));
        return command;
    }

    @Override
    public Outcome run(StudyRequest request, CancellationToken cancel) throws IOException {
        Path specFile = Files.createTempFile("moe-study-", ".json");
        Path log = Files.createTempFile("moe-study-", ".log");
        try {
            ConfigJson.write(specFile, request.base());
            Process child = new ProcessBuilder(command(request, specFile))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            child.getOutputStream().close(); // the child reads no commands: cancel is SIGTERM
            while (!child.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (cancel.isCancelled()) {
                    child.destroy(); // SIGTERM: stops after the current step, then exits 130
                    child.waitFor();
                }
            }
            int code = child.exitValue();
            String last = lastLine(log);
            if (code == 0) {
                Files.deleteIfExists(log);
                return new Outcome(0, last);
            }
            if (cancel.isCancelled() || code == Outcome.CANCELLED) {
                return new Outcome(Outcome.CANCELLED, "cancelled; start the same study again to continue");
            }
            return new Outcome(code, last + " (exit code " + code + "; its output: " + log + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(1, "interrupted while waiting for the study process");
        } finally {
            Files.deleteIfExists(specFile);
        }
    }

    /** The last line that says something (a refusal, an error, the summary). */
    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("at ") && !line.startsWith("WARN")) {
                return line;
            }
        }
        return "the study process ended without a word";
    }
}
