package org.moeworkbench.app.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.moeworkbench.app.queue.TrainingLauncher;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStore;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.Trainer;
import org.moeworkbench.engine.train.TrainingListener;
import org.moeworkbench.engine.train.TrainingOutcome;

/**
 * The child process the app starts for each training, so that a crash or close of the UI does not end the training.
 * {@code TrainingProcessMain CONFIG_FILE RUNS_FOLDER} creates the run directory and trains into it;
 * {@code TrainingProcessMain --resume RUN_DIR} continues one; {@code TrainingProcessMain --hardmoe CONFIG_FILE
 * RUNS_FOLDER} runs one K of a hard MoE (the config's single cluster count). It reports on standard output, one JSON object per line
 * ({@link TrainingEvents}); the line {@code cancel} on standard input, or SIGTERM, cancels after the current step.
 * When the app goes away (standard input closes) the training goes on.
 */
public final class TrainingProcessMain {
    private TrainingProcessMain() {}

    /** A sparse / dense training: {@code CONFIG_FILE RUNS_FOLDER} or {@code --resume RUN_DIR}. */
    private static TrainingLauncher.Outcome train(
            String[] args, PrintStream events, ObjectMapper json, CancellationToken cancel) throws java.io.IOException {
        RunDirectory run;
        ExperimentConfig config;
        boolean resume = args.length == 2 && args[0].equals("--resume");
        if (resume) {
            run = RunDirectory.open(Path.of(args[1]));
            config = run.config();
        } else {
            config = ConfigJson.readExperiment(Path.of(args[0]));
            run = new RunStore(Path.of(args[1])).create(config, Instant.now());
        }
        events.println(json.writeValueAsString(TrainingEvents.runDirectory(run.root())));
        TrainingListener relay = TrainingEvents.writer(events);
        Trainer trainer = Trainer.standard();
        TrainingOutcome outcome =
                resume ? trainer.resume(run, relay, cancel) : trainer.train(config, run, relay, cancel);
        return new TrainingLauncher.Outcome(outcome.status(), outcome.message(), outcome.testAccuracy());
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        PrintStream events = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err); // engine and library chatter must not mix with the event stream
        ObjectMapper json = TrainingEvents.MAPPER;
        CancellationToken cancel = new CancellationToken();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (done.getCount() > 0) {
                cancel.cancel(); // SIGTERM from a re-attached app or the user: stop after the step, resumable
                try {
                    done.await(10, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        Thread commands = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.strip().equals("cancel")) {
                        cancel.cancel();
                    }
                }
            } catch (java.io.IOException e) {
                // the app is gone: keep training
            }
        });
        commands.setDaemon(true);
        commands.start();
        int code;
        try {
            TrainingLauncher.Outcome outcome = args.length == 3 && args[0].equals("--hardmoe")
                    ? TrainingLauncher.runHardMoe(
                            ConfigJson.read(Path.of(args[1]), HardMoeConfig.class),
                            Path.of(args[2]),
                            dir -> events.println(write(json, TrainingEvents.runDirectory(dir))),
                            TrainingEvents.hardWriter(events),
                            cancel)
                    : train(args, events, json, cancel);
            events.println(json.writeValueAsString(
                    TrainingEvents.end(outcome.status().json(), outcome.message(), outcome.testAccuracy())));
            code = switch (outcome.status()) {
                case COMPLETED -> 0;
                case CANCELLED -> 130;
                default -> 1;
            };
        } catch (Exception | Error e) {
            events.println(json.writeValueAsString(
                    TrainingEvents.end("failed", "could not start: " + e.getMessage(), Double.NaN)));
            code = 2;
        } finally {
            done.countDown();
        }
        System.exit(code);
    }
}
