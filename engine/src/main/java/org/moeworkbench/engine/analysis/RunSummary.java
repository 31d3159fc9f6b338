package org.moeworkbench.engine.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.run.RunDirectory;

/**
 * One run as a point of the across-run figures (Pareto, MoE gain): what it is and how well it did.
 *
 * @param id           run directory name
 * @param name         config name
 * @param family       convnext, vit, ... (model.family)
 * @param backbone     a key that is equal for runs whose dense part is the same: family, depths, dims,
 *                     patch size, mlp ratio, data source, image size and task
 * @param experts      experts per MoE layer, 0 for dense
 * @param topK         k of the MoE layers (0 for dense)
 * @param placement    moe.placement
 * @param params       all trainable parameters (model.json)
 * @param paramsActive parameters used per image (model.json)
 * @param accuracy     test accuracy 0..1 if the run finished, else the best validation accuracy, else NaN
 * @param status       provenance status (completed, running, ...), "unknown" without provenance.json
 * @param kind         the run's kind: dense, sparse MoE, or hard MoE (the mixture and its trunk alike)
 * @param q10          q@10 in percent of a hard-MoE run or its trunk (results.json), NaN for sparse runs
 */
public record RunSummary(
        String id,
        String name,
        String family,
        String backbone,
        int experts,
        int topK,
        String placement,
        long params,
        long paramsActive,
        double accuracy,
        String status,
        RunKind kind,
        double q10) {

    /** A hard-MoE run's mixture or its trunk (they are drawn in their own colours, outside the front). */
    @com.fasterxml.jackson.annotation.JsonProperty("hardMoe")
    public boolean hardMoe() {
        return kind == RunKind.HARD_MOE;
    }

    @com.fasterxml.jackson.annotation.JsonProperty("dense")
    public boolean dense() {
        return experts == 0;
    }

    /** Reads a run directory's config, model.json and metrics; a missing model.json gives 0 params. */
    public static RunSummary read(Path runDir) throws IOException {
        RunDirectory run = RunDirectory.open(runDir);
        ExperimentConfig config = run.config();
        long params = 0;
        long active = 0;
        if (Files.isRegularFile(run.modelFile())) {
            JsonNode model = ConfigJson.mapper().readTree(run.modelFile().toFile());
            params = model.path("params").asLong();
            active = model.path("paramsActive").asLong();
        }
        TrainingCurves curves = TrainingCurves.read(run.metricsFile());
        double accuracy = curves.testAccuracy();
        if (Double.isNaN(accuracy)) {
            for (double a : curves.epochValidationAccuracy()) {
                if (!Double.isNaN(a) && (Double.isNaN(accuracy) || a > accuracy)) {
                    accuracy = a;
                }
            }
        }
        String status =
                run.hasProvenance() ? run.provenance().status().toString().toLowerCase() : "unknown";
        var m = config.model();
        var d = config.data();
        String backbone = m.family() + " depths=" + m.depths() + " dims=" + m.dims() + " patch=" + m.patchSize()
                + " mlp=" + m.mlpRatio() + " data=" + d.source() + "/" + d.imageSize() + "/" + d.task();
        boolean dense = config.moe().experts() == 0;
        return new RunSummary(
                run.id(),
                config.name(),
                m.family().jsonName(),
                backbone,
                config.moe().experts(),
                dense ? 0 : config.moe().topK(),
                dense ? "none" : config.moe().placement().jsonName(),
                params,
                active,
                accuracy,
                status,
                config.kind(),
                Double.NaN);
    }

    /**
     * A hard-MoE run as two points: the mixture (K experts; active = trunk + one expert, as Gross et al. count
     * it: twice the base model) and its dense trunk (id {@code <run id>/trunk}). Accuracy is p@1 (top-1 for
     * the classes task), q10 the run's q@10. Points without results.json have NaN accuracy.
     */
    public static List<RunSummary> readHardMoe(Path runDir) throws IOException {
        HardMoeRun run = HardMoeRun.open(runDir);
        var config = run.config();
        var m = config.model();
        var d = config.data();
        String backbone = m.family() + " depths=" + m.depths() + " dims=" + m.dims() + " patch=" + m.patchSize()
                + " mlp=" + m.mlpRatio() + " data=" + d.source() + "/" + d.imageSize() + "/" + d.task();
        Map<String, HardMoeRun.ModelResult> results = run.results().orElse(Map.of());
        HardMoeRun.ModelResult trunk = results.get(HardMoeRun.MODEL_TRUNK);
        HardMoeRun.ModelResult moe = results.get(HardMoeRun.MODEL_MOE);
        long trunkParams = trunk == null || trunk.params() == null ? 0 : trunk.params();
        long moeParams = moe == null || moe.params() == null ? 0 : moe.params();
        String status = run.status().toString().toLowerCase();
        List<RunSummary> out = new ArrayList<>();
        out.add(new RunSummary(
                run.id(),
                config.name(),
                m.family().jsonName(),
                backbone,
                run.k(),
                1,
                "hard",
                moeParams,
                2 * trunkParams,
                percentToShare(moe == null ? null : moe.p1()),
                status,
                RunKind.HARD_MOE,
                moe == null || moe.q10() == null ? Double.NaN : moe.q10()));
        out.add(new RunSummary(
                run.id() + "/trunk",
                config.name() + " trunk",
                m.family().jsonName(),
                backbone,
                0,
                0,
                "none",
                trunkParams,
                trunkParams,
                percentToShare(trunk == null ? null : trunk.p1()),
                status,
                RunKind.HARD_MOE,
                trunk == null || trunk.q10() == null ? Double.NaN : trunk.q10()));
        return out;
    }

    /** The points of any run directory: one for a dense or sparse run, the mixture and its trunk for a hard MoE. */
    public static List<RunSummary> readAny(Path runDir) throws IOException {
        return RunDirectory.isHardMoe(runDir) ? readHardMoe(runDir) : List.of(read(runDir));
    }

    private static double percentToShare(Double percent) {
        return percent == null ? Double.NaN : percent / 100;
    }

    /**
     * Every run directly under {@code runsDir} (a folder with a config.json, or hardmoe.json: two points), sorted by id; runs that cannot
     * be read are reported to {@code problems} and left out.
     */
    public static List<RunSummary> scan(Path runsDir, List<String> problems) throws IOException {
        List<RunSummary> runs = new ArrayList<>();
        if (!Files.isDirectory(runsDir)) {
            throw new IOException(runsDir + " is not a directory of runs");
        }
        try (var dirs = Files.list(runsDir)) {
            for (Path dir : dirs.sorted().toList()) {
                if (!RunDirectory.isRun(dir)) {
                    continue;
                }
                try {
                    runs.addAll(readAny(dir));
                } catch (IOException | RuntimeException e) {
                    problems.add(dir.getFileName() + ": " + e.getMessage());
                }
            }
        }
        runs.sort(Comparator.comparing(RunSummary::id));
        return runs;
    }
}
