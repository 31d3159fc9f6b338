package org.moeworkbench.app.process;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.moeworkbench.app.queue.TrainingLauncher;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner.Ending;
import org.moeworkbench.engine.train.TrainingHeap;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * Runs each training in a child JVM ({@link TrainingProcessMain}) on the app's own class path, relaying its events to
 * the queue's listener. The child does not depend on the app: closing the window or a crash of the UI (a native
 * dialog once aborted the JVM) leaves it training, and a restarted app re-attaches to it through its run directory
 * ({@code RunQueue.attachRunning}). Cancel sends {@code cancel} on the child's standard input.
 *
 * <p>The child's standard error (ND4J's start-up lines, warnings) goes to a log file in the temporary folder, named
 * in the failure message if the child ends without a result.
 */
public final class ChildProcessLauncher implements TrainingLauncher {
    private final Path java;

    private ChildProcessLauncher(Path java) {
        this.java = java;
    }

    /**
     * A launcher if this runtime has a {@code java} command to start children with (an installed app's trimmed runtime
     * may not), else null.
     */
    public static ChildProcessLauncher ifAvailable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? new ChildProcessLauncher(java) : null;
    }

    @Override
    public boolean outlivesTheApp() {
        return true;
    }

    /** The child's command line: this JVM's java, class path and moe.* settings. */
    List<String> command(Path configFile, Path runsFolder) {
        return command(
                List.of(configFile.toString(), runsFolder.toAbsolutePath().toString()));
    }

    private List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("moe."))
                .sorted()
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.addAll(TrainingHeap.jvmOptions()); // a fixed heap keeps the training's RSS flat
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TrainingProcessMain.class.getName());
        command.addAll(arguments);
        return command;
    }

    @Override
    public Ending train(
            RunSpec spec,
            Path runsFolder,
            Consumer<Path> runDirectory,
            TrainingListener listener,
            CancellationToken cancel)
            throws IOException {
        Path specFile = Files.createTempFile("moe-training-", ".json");
        ConfigJson.write(specFile, spec);
        return run(
                List.of(specFile.toString(), runsFolder.toAbsolutePath().toString()),
                specFile,
                line -> TrainingEvents.dispatch(line, listener),
                runDirectory,
                cancel);
    }

    /** Starts the child, hands each output line to {@code dispatch} until it ends, and reads its end event. */
    private Ending run(
            List<String> arguments,
            Path configFile,
            java.util.function.Function<String, JsonNode> dispatch,
            Consumer<Path> runDirectory,
            CancellationToken cancel)
            throws IOException {
        Path log = Files.createTempFile("moe-training-", ".log");
        Process child = new ProcessBuilder(command(arguments))
                .redirectError(log.toFile())
                .start();
        Thread canceller = new Thread(() -> forwardCancel(child, cancel), "moe-training-cancel-" + child.pid());
        canceller.setDaemon(true);
        canceller.start();
        JsonNode end = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode node = dispatch.apply(line);
                if (node == null) {
                    continue;
                }
                if (node.get("event").asText().equals("runDirectory")) {
                    runDirectory.accept(Path.of(node.get("data").asText()));
                } else {
                    end = node.get("data");
                }
            }
        }
        try {
            int code = child.waitFor();
            Files.deleteIfExists(configFile);
            if (end == null) {
                return new Ending(
                        RunStatus.FAILED,
                        "the training process ended without a result (exit code " + code + "); its log: " + log,
                        Double.NaN);
            }
            Files.deleteIfExists(log);
            return new Ending(
                    RunStatus.parse(end.get("status").asText()),
                    end.get("message").asText(),
                    end.get("accuracy").asDouble(Double.NaN));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ending(RunStatus.FAILED, "interrupted while waiting for the training process", Double.NaN);
        }
    }

    private static void forwardCancel(Process child, CancellationToken cancel) {
        try {
            while (child.isAlive() && !cancel.isCancelled()) {
                Thread.sleep(200);
            }
            if (child.isAlive()) {
                OutputStream in = child.getOutputStream();
                in.write("cancel\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the child has ended
        }
    }
}
