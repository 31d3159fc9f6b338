package org.moeworkbench.engine.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.run.Provenance;
import org.moeworkbench.engine.run.RunDirectory;

/**
 * One run as a row of the Runs table and a point of the across-run figures (Pareto, MoE gain): what it is and how
 * well it did, for every kind of run. The one reading of a run directory's headline numbers: "accuracy" is the test
 * accuracy of a finished run, else its best validation accuracy (a hard MoE: the mixture's p@1, top-1 accuracy for
 * the classes task); "params" are all trainable parameters and "paramsActive" those one image uses (a hard MoE: trunk
 * + K experts, and trunk + one expert as Gross et al. count it).
 *
 * @param dir          the run directory (not written to JSON)
 * @param id           run directory name ({@code <id>/trunk} for a hard MoE's trunk point)
 * @param name         config name
 * @param kind         dense, sparse MoE or hard MoE (the mixture and its trunk alike); null if the spec does not read
 * @param family       convnext, vit, ... (model.family)
 * @param model        how tables name the backbone: its preset, or "family (custom)"
 * @param backbone     a key that is equal for runs whose dense part is the same: family, depths, dims,
 *                     patch size, mlp ratio, data source, image size and task
 * @param experts      experts per MoE layer (a hard MoE: K), 0 for dense
 * @param topK         k of the MoE layers (0 for dense, 1 for a hard MoE)
 * @param placement    where the MoE layers are ("last2", "blocks 1,3", "trunk + K-means gater", "none")
 * @param params       all trainable parameters; 0 if not known yet
 * @param paramsActive parameters used per image; 0 if not known yet
 * @param accuracy     see above, 0..1; NaN if there is none yet
 * @param q10          q@10 in percent of a hard-MoE run or its trunk (results.json), NaN for other runs
 * @param status       provenance status (completed, running, ...), "unknown" without provenance.json, "unreadable"
 * @param startedAt    ISO-8601 UTC start time from provenance.json, "" if not known
 * @param problem      why the run could not be read fully ("" if it could)
 */
public record RunSummary(
        @com.fasterxml.jackson.annotation.JsonIgnore Path dir,
        String id,
        String name,
        RunKind kind,
        String family,
        String model,
        String backbone,
        int experts,
        int topK,
        String placement,
        long params,
        long paramsActive,
        double accuracy,
        double q10,
        String status,
        String startedAt,
        String problem) {

    private static final java.time.format.DateTimeFormatter DATE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault());

    /** A hard-MoE run's mixture or its trunk (they are drawn in their own colours, outside the front). */
    @com.fasterxml.jackson.annotation.JsonProperty("hardMoe")
    public boolean hardMoe() {
        return kind == RunKind.HARD_MOE;
    }

    @com.fasterxml.jackson.annotation.JsonProperty("dense")
    public boolean dense() {
        return experts == 0;
    }

    /** How tables name the kind: "dense", "sparse MoE", "hard MoE", or "?" for an unreadable run. */
    public String kindLabel() {
        return kind == null ? "?" : kind.label();
    }

    /** The accuracy as tables show it: "61.2%", or "-". */
    public String accuracyText() {
        return Percent.shortText(accuracy);
    }

    /** The start time, local, yyyy-MM-dd HH:mm ("" if not known). */
    public String date() {
        try {
            return startedAt.isEmpty() ? "" : DATE.format(java.time.Instant.parse(startedAt));
        } catch (java.time.DateTimeException e) {
            return "";
        }
    }

    /** Text a table's filter matches against. */
    public String searchText() {
        return String.join(" ", id, kindLabel(), model, "E=" + experts, "k=" + topK, placement, status, date())
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads a dense or sparse-MoE run: its config, model.json and metrics; a missing model.json gives 0 params. */
    public static RunSummary read(Path runDir) throws IOException {
        RunDirectory run = RunDirectory.open(runDir);
        ExperimentConfig config = run.config();
        long params = 0;
        long active = 0;
        String problem = "";
        if (Files.isRegularFile(run.modelFile())) {
            try {
                ModelSummary model = ConfigJson.readAllowingNulls(run.modelFile(), ModelSummary.class);
                params = model.params();
                active = model.paramsActive();
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
        }
        double accuracy = Double.NaN;
        try {
            TrainingCurves curves = TrainingCurves.read(run.metricsFile());
            accuracy = curves.testAccuracy();
            if (Double.isNaN(accuracy)) {
                for (double a : curves.epochValidationAccuracy()) {
                    if (!Double.isNaN(a) && (Double.isNaN(accuracy) || a > accuracy)) {
                        accuracy = a;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
        }
        String status = "unknown";
        String startedAt = "";
        if (run.hasProvenance()) {
            try {
                Provenance provenance = run.provenance();
                status = provenance.status().json();
                startedAt = provenance.startedAt();
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
        }
        var m = config.model();
        boolean dense = config.moe().experts() == 0;
        return new RunSummary(
                runDir,
                run.id(),
                config.name(),
                config.kind(),
                m.family().jsonName(),
                modelLabel(m),
                backboneKey(config.model(), config.data()),
                config.moe().experts(),
                dense ? 0 : config.moe().topK(),
                dense ? "none" : placementText(config.moe()),
                params,
                active,
                accuracy,
                Double.NaN,
                status,
                startedAt,
                problem);
    }

    /**
     * The row of any run directory that never fails: a run whose files do not read gives a row with status
     * "unreadable" and the reason in {@code problem} (the Runs table shows it instead of hiding the run).
     */
    public static RunSummary readRow(Path runDir) {
        try {
            return readAny(runDir).get(0);
        } catch (IOException | RuntimeException e) {
            RunKind kind = RunDirectory.isHardMoe(runDir) ? RunKind.HARD_MOE : null;
            String id = runDir.getFileName().toString();
            return new RunSummary(
                    runDir,
                    id,
                    id,
                    kind,
                    "?",
                    "?",
                    "?",
                    0,
                    0,
                    "-",
                    0,
                    0,
                    Double.NaN,
                    Double.NaN,
                    "unreadable",
                    "",
                    String.valueOf(e.getMessage()));
        }
    }

    private static String modelLabel(ModelConfig m) {
        return m.preset().equals("custom") ? m.family().jsonName() + " (custom)" : m.preset();
    }

    private static String backboneKey(ModelConfig m, DataConfig d) {
        return m.family() + " depths=" + m.depths() + " dims=" + m.dims() + " patch=" + m.patchSize() + " mlp="
                + m.mlpRatio() + " data=" + d.source() + "/" + d.imageSize() + "/" + d.task();
    }

    private static String placementText(MoeConfig moe) {
        return moe.placement() == Placement.BLOCKS
                ? "blocks " + moe.blocks().stream().map(String::valueOf).collect(Collectors.joining(","))
                : moe.placement().jsonName();
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
        String backbone = backboneKey(m, config.data());
        String startedAt = run.provenance().map(Provenance::startedAt).orElse("");
        Map<String, HardMoeRun.ModelResult> results = run.results().orElse(Map.of());
        HardMoeRun.ModelResult trunk = results.get(HardMoeRun.MODEL_TRUNK);
        HardMoeRun.ModelResult moe = results.get(HardMoeRun.MODEL_MOE);
        long trunkParams = trunk == null || trunk.params() == null ? 0 : trunk.params();
        long moeParams = moe == null || moe.params() == null ? 0 : moe.params();
        String status = run.status().json();
        List<RunSummary> out = new ArrayList<>();
        out.add(new RunSummary(
                runDir,
                run.id(),
                config.name(),
                RunKind.HARD_MOE,
                m.family().jsonName(),
                modelLabel(m),
                backbone,
                run.k(),
                1,
                "trunk + K-means gater",
                moeParams,
                2 * trunkParams,
                percentToShare(moe == null ? null : moe.p1()),
                moe == null || moe.q10() == null ? Double.NaN : moe.q10(),
                status,
                startedAt,
                ""));
        out.add(new RunSummary(
                runDir,
                run.id() + "/trunk",
                config.name() + " trunk",
                RunKind.HARD_MOE,
                m.family().jsonName(),
                modelLabel(m),
                backbone,
                0,
                0,
                "none",
                trunkParams,
                trunkParams,
                percentToShare(trunk == null ? null : trunk.p1()),
                trunk == null || trunk.q10() == null ? Double.NaN : trunk.q10(),
                status,
                startedAt,
                ""));
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
     * Every run directly under {@code runsDir} (a hard MoE: two points), sorted by id; runs that cannot
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
