package org.moeworkbench.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.Provenance;
import org.moeworkbench.engine.run.RunDirectory;

/**
 * One row of the runs browser, read from a run directory's files (whoever wrote them: the app or the CLI).
 *
 * @param dir          the run directory
 * @param id           its name
 * @param kind         dense, sparse MoE or hard MoE (null if the run's config cannot be read)
 * @param backbone     model preset or family
 * @param experts      E (0 for dense)
 * @param topK         k (0 for dense)
 * @param placement    MoE placement (or "-")
 * @param params       trainable parameters (-1 if unknown)
 * @param paramsActive parameters per image (-1 if unknown)
 * @param accuracy     test accuracy, else the last validation accuracy, else NaN
 * @param status       running, completed, cancelled, failed (or "unknown")
 * @param date         start time, local, yyyy-MM-dd HH:mm
 * @param problem      why the run could not be read fully ("" if it could)
 */
public record RunSummary(
        Path dir,
        String id,
        RunKind kind,
        String backbone,
        int experts,
        int topK,
        String placement,
        long params,
        long paramsActive,
        double accuracy,
        String status,
        String date,
        String problem) {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    /** Whether {@code dir} looks like a run directory of any kind (the engine's rule). */
    public static boolean isRun(Path dir) {
        return RunDirectory.isRun(dir);
    }

    /** How tables name the kind: "dense", "sparse MoE", "hard MoE", or "?" for an unreadable run. */
    public String kindLabel() {
        return kind == null ? "?" : kind.label();
    }

    /** A hard-MoE run: trunk + K-means gater + one expert per cluster; scored on tags. */
    private static RunSummary readHardMoe(Path dir) {
        String id = dir.getFileName().toString();
        try {
            HardMoeRun run = HardMoeRun.open(dir);
            HardMoeConfig config = run.config();
            String date = "";
            try {
                date = DATE.format(
                        Files.getLastModifiedTime(RunDirectory.specFile(dir)).toInstant());
            } catch (IOException e) {
                // no date then
            }
            // the engine's reading of a hard-MoE run: params of trunk + K experts, active = trunk + one expert,
            // accuracy = p@1 (top-1 accuracy for the classes task); NaN and -1 until results.json is written
            org.moeworkbench.engine.analysis.RunSummary mixture =
                    org.moeworkbench.engine.analysis.RunSummary.readHardMoe(dir).get(0);
            return new RunSummary(
                    dir,
                    run.id(),
                    RunKind.HARD_MOE,
                    config.model().preset(),
                    run.k(),
                    1,
                    "trunk + K-means gater",
                    mixture.params() > 0 ? mixture.params() : -1,
                    mixture.paramsActive() > 0 ? mixture.paramsActive() : -1,
                    mixture.accuracy(),
                    run.status().json(),
                    date,
                    "");
        } catch (IOException | RuntimeException e) {
            return new RunSummary(
                    dir,
                    id,
                    RunKind.HARD_MOE,
                    "?",
                    0,
                    0,
                    "-",
                    -1,
                    -1,
                    Double.NaN,
                    "unreadable",
                    "",
                    String.valueOf(e.getMessage()));
        }
    }

    /** Reads a run directory; parts that are missing or broken give a row that says so instead of failing. */
    public static RunSummary read(Path dir) {
        String id = dir.getFileName().toString();
        if (RunDirectory.isHardMoe(dir)) {
            return readHardMoe(dir);
        }
        ExperimentConfig config;
        try {
            config = RunDirectory.open(dir).config();
        } catch (IOException | RuntimeException e) {
            return new RunSummary(dir, id, null, "?", 0, 0, "-", -1, -1, Double.NaN, "unreadable", "", e.getMessage());
        }
        RunDirectory run;
        try {
            run = RunDirectory.open(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        boolean moe = config.moe().enabled();
        String backbone = config.model().preset().equals("custom")
                ? config.model().family() + " (custom)"
                : config.model().preset();
        long params = -1;
        long active = -1;
        String problem = "";
        if (Files.exists(run.modelFile())) {
            try {
                ModelSummary summary = ConfigJson.readAllowingNulls(run.modelFile(), ModelSummary.class);
                params = summary.params();
                active = summary.paramsActive();
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
        }
        String status = "unknown";
        String date = "";
        if (run.hasProvenance()) {
            try {
                Provenance provenance = run.provenance();
                status = provenance.status().json();
                date = DATE.format(Instant.parse(provenance.startedAt()));
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
        }
        double accuracy = Double.NaN;
        try {
            accuracy = accuracy(MetricsLog.read(run.metricsFile()));
        } catch (IOException e) {
            problem = e.getMessage();
        }
        return new RunSummary(
                dir,
                run.id(),
                config.kind(),
                backbone,
                config.moe().experts(),
                moe ? config.moe().topK() : 0,
                moe ? placementText(config) : "-",
                params,
                active,
                accuracy,
                status,
                date,
                problem);
    }

    private static String placementText(ExperimentConfig config) {
        if (config.moe().placement() == Placement.BLOCKS) {
            return "blocks "
                    + config.moe().blocks().stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return config.moe().placement().jsonName();
    }

    static double accuracy(List<JsonNode> lines) {
        double validation = Double.NaN;
        for (JsonNode line : lines) {
            String type = line.path("type").asText();
            if (type.equals("test") && line.path("testAccuracy").isNumber()) {
                return line.path("testAccuracy").asDouble();
            }
            if (type.equals("epoch") && line.path("validationAccuracy").isNumber()) {
                validation = line.path("validationAccuracy").asDouble();
            }
        }
        return validation;
    }

    public String accuracyText() {
        return Double.isFinite(accuracy) ? String.format(java.util.Locale.ROOT, "%.1f%%", 100 * accuracy) : "-";
    }

    /** Text the browser's filter matches against. */
    public String searchText() {
        return String.join(" ", id, kindLabel(), backbone, "E=" + experts, "k=" + topK, placement, status, date)
                .toLowerCase(java.util.Locale.ROOT);
    }
}
