package org.moeworkbench.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.moeworkbench.engine.analysis.RoutingAgreement;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.run.RunDirectory;

/** Compares two or more runs: the config fields that differ, and each run's logged curves. */
public final class CompareModel {

    /**
     * @param key    dotted config field
     * @param values its value in each run (same order as the runs), "(absent)" if missing
     */
    public record DiffRow(String key, List<String> values) {
        public boolean differs() {
            return values.stream().distinct().count() > 1;
        }
    }

    /**
     * Hard against soft routing for a selection of one hard-MoE run and sparse-MoE runs: one comparison per sparse
     * run, or why it cannot be made ({@code moe compare-routing}). Empty unless the selection has exactly one hard
     * MoE and at least one sparse MoE.
     *
     * @param sparseRun  the sparse run's id
     * @param agreement  the comparison, null if it failed
     * @param problem    why it failed ("" if it did not)
     */
    public record RoutingComparison(String sparseRun, RoutingAgreement agreement, String problem) {}

    public static List<RoutingComparison> routingComparisons(List<RunSummary> runs) {
        List<Path> hard = runs.stream()
                .filter(RunSummary::hardMoe)
                .map(RunSummary::dir)
                .distinct()
                .toList();
        List<RunSummary> sparse =
                runs.stream().filter(r -> !r.hardMoe() && r.experts() > 0).toList();
        if (hard.size() != 1 || sparse.isEmpty()) {
            return List.of();
        }
        List<RoutingComparison> out = new ArrayList<>();
        for (RunSummary run : sparse) {
            try {
                out.add(new RoutingComparison(run.id(), RoutingAgreement.of(hard.get(0), run.dir()), ""));
            } catch (IOException | RuntimeException e) {
                out.add(new RoutingComparison(run.id(), null, e.getMessage()));
            }
        }
        return out;
    }

    /** The first row of a diff: what kind of run each is. */
    public static final String KIND = "(run kind)";

    /** Every config field of the runs; {@code onlyDifferences} keeps the fields whose values differ. */
    public static List<DiffRow> configDiff(List<Path> runDirs, boolean onlyDifferences) throws IOException {
        List<Map<String, String>> flat = new ArrayList<>();
        TreeMap<String, Boolean> keys = new TreeMap<>();
        for (Path dir : runDirs) {
            // every kind's spec has data, model and training sections that line up; a hard MoE's own fields
            // (clusters, pcaDims, ...) and a sparse run's moe section show as absent on the other side
            RunKind kind = RunDirectory.kindOf(dir)
                    .orElseThrow(() -> new IOException(dir + " is not a run directory, or its config cannot be read"));
            JsonNode root =
                    ConfigJson.mapper().readTree(RunDirectory.specFile(dir).toFile());
            Map<String, String> values = new TreeMap<>();
            flatten("", root, values);
            values.put(KIND, kind.label());
            values.keySet().forEach(k -> keys.put(k, true));
            flat.add(values);
        }
        List<DiffRow> rows = new ArrayList<>();
        for (String key : keys.keySet()) {
            List<String> values =
                    flat.stream().map(m -> m.getOrDefault(key, "(absent)")).toList();
            DiffRow row = new DiffRow(key, values);
            if (!onlyDifferences || row.differs()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (f.getValue().isObject()) {
                flatten(key, f.getValue(), out);
            } else {
                out.put(
                        key,
                        f.getValue().isTextual()
                                ? f.getValue().asText()
                                : f.getValue().toString());
            }
        }
    }
}
