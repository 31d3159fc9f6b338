package org.moeworkbench.plots;

import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.analysis.RunSummary;

/**
 * Runs of one setting of a study with seeds, drawn as one point: their names differ only in the {@code -s<seed>}
 * suffix {@code moe sweep --seeds} gives them, and kind and sizes are equal. {@code mean} carries the mean
 * accuracy (its id names the setting and n); {@code std} is the sample standard deviation (NaN for one run).
 */
record SeedGroup(RunSummary mean, int n, double std) {
    private static final java.util.regex.Pattern SEED_SUFFIX = java.util.regex.Pattern.compile("-s-?\\d+$");

    static List<SeedGroup> of(List<RunSummary> runs) {
        java.util.Map<String, List<RunSummary>> groups = new java.util.LinkedHashMap<>();
        for (RunSummary r : runs) {
            String setting = SEED_SUFFIX.matcher(r.name()).replaceFirst("");
            String key = setting.equals(r.name())
                    ? "run " + r.id() // not a seeded run: a group of its own
                    : setting + "|" + r.kind() + "|" + r.params() + "|" + r.paramsActive();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<SeedGroup> out = new ArrayList<>();
        for (List<RunSummary> g : groups.values()) {
            RunSummary first = g.get(0);
            if (g.size() == 1) {
                out.add(new SeedGroup(first, 1, Double.NaN));
                continue;
            }
            double mean = g.stream().mapToDouble(RunSummary::accuracy).average().orElse(Double.NaN);
            double sum = g.stream()
                    .mapToDouble(r -> (r.accuracy() - mean) * (r.accuracy() - mean))
                    .sum();
            String label = SEED_SUFFIX.matcher(first.name()).replaceFirst("") + " (mean of " + g.size() + " seeds)";
            RunSummary meanRun = new RunSummary(
                    first.dir(),
                    label,
                    label,
                    first.kind(),
                    first.family(),
                    first.model(),
                    first.backbone(),
                    first.experts(),
                    first.topK(),
                    first.placement(),
                    first.params(),
                    first.paramsActive(),
                    mean,
                    first.q10(),
                    first.status(),
                    first.startedAt(),
                    first.problem());
            out.add(new SeedGroup(meanRun, g.size(), Math.sqrt(sum / (g.size() - 1))));
        }
        return out;
    }
}
