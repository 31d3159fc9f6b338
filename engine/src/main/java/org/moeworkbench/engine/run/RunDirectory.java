package org.moeworkbench.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.layout.ModelSummary;

/**
 * One run on disk (docs/formats.md):
 * <pre>
 * RUN_ID/
 *   config.json        the ExperimentConfig
 *   provenance.json    versions, machine, dataset hash, git commit, times, status
 *   model.json         params, active params, FLOPs per image, the block table
 *   metrics.jsonl      step, epoch and test lines
 *   checkpoints/       state.json + the last and the best checkpoint
 *   routing/           analysis.json + routing snapshots (JSON header + binary)
 * </pre>
 */
public final class RunDirectory {
    public static final String CONFIG = "config.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String MODEL = "model.json";
    public static final String METRICS = "metrics.jsonl";
    /** A hard-MoE run's spec, in place of config.json (see hardmoe.HardMoeRun). */
    public static final String HARD_MOE_CONFIG = "hardmoe.json";

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /** Creates the directory and writes config.json; fails if it already holds a run. */
    public static RunDirectory create(Path root, ExperimentConfig config) throws IOException {
        if (Files.exists(root.resolve(CONFIG))) {
            throw new IOException(root + " already holds a run (it has a " + CONFIG + ")");
        }
        Files.createDirectories(root);
        RunDirectory run = new RunDirectory(root);
        ConfigJson.write(run.configFile(), config);
        return run;
    }

    /** Opens an existing run; it must have a config.json. */
    public static RunDirectory open(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a directory");
        }
        if (!Files.isRegularFile(root.resolve(CONFIG))) {
            throw new IOException(root + " is not a run directory: it has no " + CONFIG);
        }
        return new RunDirectory(root);
    }

    /**
     * What kind of run {@code dir} holds: a config.json gives its experiment's kind (dense or sparse MoE), a
     * hardmoe.json without config.json a hard MoE; empty if it holds neither or its config cannot be read. The one
     * rule every reader of a runs folder uses.
     */
    public static Optional<RunKind> kindOf(Path dir) {
        if (dir == null) {
            return Optional.empty();
        }
        if (Files.isRegularFile(dir.resolve(CONFIG))) {
            try {
                return Optional.of(
                        ConfigJson.readExperiment(dir.resolve(CONFIG)).kind());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return isHardMoe(dir) ? Optional.of(RunKind.HARD_MOE) : Optional.empty();
    }

    /**
     * Whether {@code dir} holds a hard-MoE run (hardmoe.json and no config.json): {@link #kindOf}'s rule without
     * parsing a config, for readers that only need to pick the hard-MoE reader (the app polls whole folders).
     */
    public static boolean isHardMoe(Path dir) {
        return dir != null
                && !Files.isRegularFile(dir.resolve(CONFIG))
                && Files.isRegularFile(dir.resolve(HARD_MOE_CONFIG));
    }

    /** Whether {@code dir} holds a run of any kind (its config may still be unreadable). */
    public static boolean isRun(Path dir) {
        return dir != null
                && (Files.isRegularFile(dir.resolve(CONFIG)) || Files.isRegularFile(dir.resolve(HARD_MOE_CONFIG)));
    }

    public Path root() {
        return root;
    }

    public String id() {
        return root.toAbsolutePath().normalize().getFileName().toString();
    }

    public Path configFile() {
        return root.resolve(CONFIG);
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

    public ExperimentConfig config() {
        return ConfigJson.readExperiment(configFile());
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
