package org.moeworkbench.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.Provenance;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.run.RunStore;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.Trainer;
import org.moeworkbench.engine.train.TrainingListener;
import org.moeworkbench.engine.train.TrainingOutcome;

/**
 * {@code moe-workbench --smoke-test [--runs DIR]}: proves an installed workbench works without a display.
 * Generates (or loads from the cache) a small sample set, trains the default sample model for a few steps
 * on the real engine (so the native ND4J libraries load), writes a run, reads it back and prints one line.
 * Exit 0 on success; 1 with a message on stderr on any failure. No JavaFX toolkit is started.
 *
 * <p>The sample cache is {@code $MOE_CACHE_DIR} (or the {@code moe.cacheDir} property) when set, else a
 * temporary folder removed afterwards; the run goes to {@code --runs DIR} (kept), else to a temporary folder
 * (removed).
 */
public final class SmokeTest {
    /** Few images so the whole test takes seconds: a few hundred training images, a handful of steps. */
    static final int SAMPLE_IMAGES = 600;

    static final int BATCH_SIZE = 64;

    private SmokeTest() {}

    public static boolean requested(String[] args) {
        return List.of(args).contains("--smoke-test");
    }

    /** Runs the smoke test and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        System.setProperty("java.awt.headless", "true");
        long start = System.nanoTime();
        Path tempCache = null;
        Path tempRuns = null;
        try {
            Path runs = runsOption(args);
            if (runs == null) {
                tempRuns = Files.createTempDirectory("moe-smoke-runs");
                runs = tempRuns;
            }
            boolean cacheGiven = System.getProperty("moe.cacheDir") != null || System.getenv("MOE_CACHE_DIR") != null;
            if (!cacheGiven) {
                tempCache = Files.createTempDirectory("moe-smoke-cache");
                System.setProperty("moe.cacheDir", tempCache.toString());
            }
            ExperimentConfig config = config();
            RunDirectory run = new RunStore(runs).create(config, Instant.now());
            TrainingOutcome outcome =
                    Trainer.standard().train(config, run, new TrainingListener() {}, new CancellationToken());
            if (outcome.status() != RunStatus.COMPLETED) {
                throw new IllegalStateException(
                        "training did not complete: " + outcome.status().json() + " " + outcome.message());
            }
            String summary = check(RunDirectory.open(run.root()), config, outcome);
            out.printf(
                    Locale.ROOT,
                    "smoke test passed: %s in %.1f s; run %s%s%n",
                    summary,
                    (System.nanoTime() - start) / 1e9,
                    run.root(),
                    tempRuns != null ? " (temporary, removed)" : "");
            return 0;
        } catch (Exception | LinkageError e) {
            err.println("smoke test failed: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                err.println("  caused by: " + cause);
            }
            return 1;
        } finally {
            if (tempCache != null) {
                System.clearProperty("moe.cacheDir");
            }
            deleteQuietly(tempCache);
            deleteQuietly(tempRuns);
        }
    }

    /** The default sample experiment, cut to a few steps on a few hundred images. */
    static ExperimentConfig config() {
        ExperimentConfig sample = ExperimentConfig.defaultSample();
        DataConfig d = sample.data();
        DataConfig data = new DataConfig(
                d.source(),
                d.format(),
                d.imageSize(),
                SAMPLE_IMAGES,
                d.sampleSeed(),
                d.validationFraction(),
                d.task(),
                d.sampling(),
                d.skipBadRecords());
        TrainingConfig t = sample.training();
        TrainingConfig training = new TrainingConfig(
                t.optimizer(),
                t.learningRate(),
                t.weightDecay(),
                t.momentum(),
                1,
                BATCH_SIZE,
                0.0,
                t.labelSmoothing(),
                t.dropPath(),
                1,
                false,
                32);
        return new ExperimentConfig(
                sample.name() + "-smoke",
                sample.seed(),
                data,
                sample.augment(),
                sample.model(),
                sample.moe(),
                training);
    }

    /** Reads the run back as the app would; returns a short summary. */
    private static String check(RunDirectory run, ExperimentConfig config, TrainingOutcome outcome) throws IOException {
        require(run.config().equals(config), "config.json does not hold the config that was trained");
        Provenance provenance = run.provenance();
        require(provenance.status() == RunStatus.COMPLETED, "provenance.json status is " + provenance.status());
        require(
                provenance.datasetHash() != null && !provenance.datasetHash().isBlank(),
                "provenance.json has no dataset hash");
        ModelSummary model = ConfigJson.readAllowingNulls(run.modelFile(), ModelSummary.class);
        require(model.params() > model.paramsActive(), "model.json: an MoE model has more params than active ones");
        List<JsonNode> lines = MetricsLog.read(run.metricsFile());
        long steps = lines.stream()
                .filter(l -> l.path("type").asText().equals("step"))
                .count();
        JsonNode test = lines.stream()
                .filter(l -> l.path("type").asText().equals("test"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("metrics.jsonl has no test line"));
        double loss = test.path("testLoss").asDouble(Double.NaN);
        require(Double.isFinite(loss), "metrics.jsonl test loss is " + test.get("testLoss"));
        require(
                steps == outcome.globalStep(),
                "metrics.jsonl has " + steps + " step lines for " + outcome.globalStep() + " steps");
        return String.format(
                Locale.ROOT,
                "trained %d steps of %s (%,d params, %,d active) on %s/%s, test loss %.3f" + " accuracy %.1f%%",
                steps,
                config.name(),
                model.params(),
                model.paramsActive(),
                provenance.environment().backend(),
                provenance.environment().nd4jVersion(),
                loss,
                100 * test.path("testAccuracy").asDouble());
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalStateException(problem);
        }
    }

    private static Path runsOption(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--runs needs a folder: --smoke-test --runs DIR");
                }
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--runs=")) {
                return Path.of(args[i].substring("--runs=".length()));
            }
        }
        return null;
    }

    private static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("warning: could not remove " + root + ": " + e);
        }
    }
}
