package org.moeworkbench.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.layout.ModelSummary;

/**
 * One run on disk, of any kind (docs/formats.md):
 * <pre>
 * RUN_ID/
 *   config.json        the run's spec: an ExperimentConfig (dense, sparse MoE) or a HardMoeConfig (one K)
 *   provenance.json    kind, spec, versions, machine, dataset hash, git commit, times, status
 *   metrics.jsonl      step, epoch and test lines (a hard MoE: one "model" field per trained network)
 *   model.json, checkpoints/, routing/              dense and sparse MoE
 *   trunk/, gater/, experts/, results.json, ...     hard MoE (see hardmoe.HardMoeRun)
 * </pre>
 * Hard-MoE runs made before 2026-12-07 keep their spec in {@code hardmoe.json}; they open as they are.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String MODEL = "model.json";
    public static final String METRICS = "metrics.jsonl";
    /** Where hard-MoE runs made before 2026-12-07 keep their spec (read, never written). */
    public static final String LEGACY_HARD_MOE_CONFIG = "hardmoe.json";

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Creates the directory and writes the spec to config.json; fails if it already holds a run. */
    public static RunDirectory create(Path root, RunSpec spec) throws IOException {
        if (isRun(root)) {
            throw new IOException(root + " already holds a run (it has a " + CONFIG + ")");
        }
        Files.createDirectories(root);
        RunDirectory run = new RunDirectory(root);
        ConfigJson.write(run.configFile(), spec);
        return run;
    }

    /** Opens an existing run of any kind; it must have a config.json (or an old hard MoE's hardmoe.json). */
    public static RunDirectory open(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory");
        }
        if (!isRun(root)) {
            throw new IOException(root + " is not a run directory: it has no " + CONFIG);
        }
        return new RunDirectory(root);
    }

    /**
     * What kind of run {@code dir} holds, from its spec: empty if it holds none or the spec cannot be read. The one
     * rule every reader of a runs folder uses.
     */
    public static Optional<RunKind> kindOf(Path dir) {
        if (!isRun(dir)) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunSpec.read(specFile(dir)).kind());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code dir} holds a hard-MoE run: its spec has {@code clusters} and no {@code moe} section ({@link
     * RunSpec#isHardMoe}), or it is an old run with a hardmoe.json. Reads the spec's JSON tree without validating it
     * (the app polls whole folders).
     */
    public static boolean isHardMoe(Path dir) {
        if (dir == null) {
            return false;
        }
        Path config = dir.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            return Files.isRegularFile(dir.resolve(LEGACY_HARD_MOE_CONFIG));
        }
        try {
            return RunSpec.isHardMoe(ConfigJson.mapper().readTree(config.toFile()));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code dir} holds a run of any kind (its spec may still be unreadable). */
    public static boolean isRun(Path dir) {
        return dir != null
                && (Files.isRegularFile(dir.resolve(CONFIG))
                        || Files.isRegularFile(dir.resolve(LEGACY_HARD_MOE_CONFIG)));
    }

    /** The spec file: config.json, or hardmoe.json in a hard-MoE run made before 2026-12-07. */
    public static Path specFile(Path dir) {
        Path config = dir.resolve(CONFIG);
        Path legacy = dir.resolve(LEGACY_HARD_MOE_CONFIG);
        return !Files.isRegularFile(config) && Files.isRegularFile(legacy) ? legacy : config;
    }

    public Path root() {
        return root;
    }

    public String id() {
        return root.toAbsolutePath().normalize().getFileName().toString();
    }

    /** config.json (hardmoe.json in an old hard-MoE run). */
    public Path configFile() {
        return specFile(root);
    }

    public Path provenanceFile() {
        return root.resolve(PROVENANCE);
    }

    public Path metricsFile() {
        return root.resolve(METRICS);
    }

    public Path modelFile() {
        return root.resolve(MODEL);
    }

    /** The run's spec, of its kind. */
    public RunSpec spec() {
        return RunSpec.read(configFile());
    }

    public RunKind kind() {
        return spec().kind();
    }

    /** The experiment of a dense or sparse-MoE run; a hard MoE's spec is {@link #spec}. */
    public ExperimentConfig config() {
        try {
            return ConfigJson.readExperiment(configFile());
        } catch (RuntimeException e) { // only a failed read pays for telling a hard MoE from a broken config
            if (isHardMoe(root)) {
                throw new IllegalStateException(root + " is a hard-MoE run: read its spec(), not an experiment config");
            }
            throw e;
        }
    }

    public boolean hasProvenance() {
        return Files.exists(provenanceFile());
    }

    public Provenance provenance() {
        return Provenance.read(provenanceFile());
    }

    public void writeProvenance(Provenance provenance) throws IOException {
        ConfigJson.write(provenanceFile(), provenance);
    }

    public void writeModel(ModelSummary summary) throws IOException {
        ConfigJson.write(modelFile(), summary);
    }

    public MetricsLog metrics() {
        return new MetricsLog(metricsFile());
    }

    public CheckpointStore checkpoints() {
        return new CheckpointStore(root.resolve("checkpoints"));
    }

    public RoutingStore routing() {
        return new RoutingStore(root.resolve("routing"));
    }
}
