package org.moeworkbench.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
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
