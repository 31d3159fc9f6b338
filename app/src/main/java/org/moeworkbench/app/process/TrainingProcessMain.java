package org.moeworkbench.app.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner.Ending;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * The child process the app starts for each training, so that a crash or close of the UI does not end the training.
 * {@code TrainingProcessMain SPEC_FILE RUNS_FOLDER} creates the run directory of the spec (any kind; one run, so a hard
 * MoE of one K) and trains into it; {@code TrainingProcessMain --resume RUN_DIR} continues one. It reports on standard
 * output, one JSON object per line ({@link TrainingEvents}); the line {@code cancel} on standard input, or SIGTERM,
 * cancels after the current step. When the app goes away (standard input closes) the training goes on.
 */
public final class TrainingProcessMain {
    private TrainingProcessMain() {}

    private static Ending train(String[] args, PrintStream events, ObjectMapper json, CancellationToken cancel)
            throws java.io.IOException {
        TrainingListener relay = TrainingEvents.writer(events);
        Consumer<Path> runDirectory = dir -> events.println(write(json, TrainingEvents.runDirectory(dir)));
        if (args.length == 2 && args[0].equals("--resume")) {
            Path dir = Path.of(args[1]);
            runDirectory.accept(dir);
            return Runners.standard().resume(dir, relay, cancel);
        }
        return Runners.standard().start(RunSpec.read(Path.of(args[0])), Path.of(args[1]), runDirectory, relay, cancel);
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
        ChildCancellation child = ChildCancellation.listen();
        CancellationToken cancel = child.token();
        int code;
        try {
            Ending outcome = train(args, events, json, cancel);
            events.println(json.writeValueAsString(
                    TrainingEvents.end(outcome.status().json(), outcome.message(), outcome.accuracy())));
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
            child.done();
        }
        System.exit(code);
    }
}
