package org.moeworkbench.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;

/**
 * Training speed for the designer's time estimate, in forward FLOPs x 3 per second.
 *
 * @param flopsPerSecond sustained training FLOPs per second
 * @param moe            whether it was measured on an MoE model (MoE dispatch costs more than its FLOPs)
 * @param source         where the number comes from, for the designer's line
 * @param family         model family it was measured on; null if unknown (the field notes)
 * @param flopsPerImage  forward FLOPs per image of the measured model; 0 if unknown
 */
public record Throughput(double flopsPerSecond, boolean moe, String source, Family family, long flopsPerImage) {

    /** The engine's field notes: small dense ConvNeXt, ~430 img/s at ~17 MFLOPs/image on an idle 2-core CPU. */
    public static final Throughput FIELD_NOTES = new Throughput(20e9, false, "idle 2-core CPU, field notes");

    /** A speed not tied to a measured model (field notes, tests). */
    public Throughput(double flopsPerSecond, boolean moe, String source) {
        this(flopsPerSecond, moe, source, null, 0);
    }

    /** The speed a run measured on this machine (see {@link #warmImagesPerSecond}), if it logged an epoch. */
    public static Optional<Throughput> measured(Path runDir) {
        try {
            RunDirectory run = RunDirectory.open(runDir);
            ModelSummary model = ConfigJson.readAllowingNulls(run.modelFile(), ModelSummary.class);
            double imagesPerSecond = warmImagesPerSecond(MetricsLog.read(run.metricsFile()));
            if (!(imagesPerSecond > 0) || model.flopsPerImage() <= 0) {
                return Optional.empty();
            }
            boolean moe = run.config().moe().enabled();
            Family family = run.config().model().family();
            return Optional.of(new Throughput(
                    3.0 * model.flopsPerImage() * imagesPerSecond,
                    moe,
                    String.format(
                            Locale.ROOT,
                            "measured %.0f img/s in %s (%s %s, %.1f MFLOPs/image)",
                            imagesPerSecond,
                            run.id(),
                            family,
                            moe ? "MoE" : "dense",
                            model.flopsPerImage() / 1e6),
                    family,
                    model.flopsPerImage()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The run's speed once warmed up, images/s; NaN without an epoch line. The first epoch is slow (JIT, first
     * allocations): a 1-epoch run measured 218 img/s where the same model trains at ~400, and the designer then
     * estimated the 8-epoch run at 9 min where it took 5 min 27 s. So: the mean of the epochs after the first; for a
     * 1-epoch run the median of its second half of step lines; else the one epoch.
     */
    static double warmImagesPerSecond(List<JsonNode> lines) {
        List<Double> epochs = speeds(lines, "epoch");
        if (epochs.isEmpty()) {
            return Double.NaN;
        }
        if (epochs.size() >= 2) {
            return epochs.subList(1, epochs.size()).stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
        }
        List<Double> steps = speeds(lines, "step");
        if (steps.size() >= 4) {
            double[] warm = steps.subList(steps.size() / 2, steps.size()).stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            return warm.length % 2 == 1
                    ? warm[warm.length / 2]
                    : (warm[warm.length / 2 - 1] + warm[warm.length / 2]) / 2;
        }
        return epochs.get(0);
    }

    private static List<Double> speeds(List<JsonNode> lines, String type) {
        return lines.stream()
                .filter(line -> line.path("type").asText().equals(type)
                        && line.path("imagesPerSecond").isNumber())
                .map(line -> line.path("imagesPerSecond").asDouble())
                .toList();
    }

    /** Seconds for {@code flops} of training work on a model that is (or is not) MoE. */
    double seconds(double flops, boolean moeModel) {
        double factor = moeModel == moe ? 1.0 : moeModel ? Totals.MOE_SLOWDOWN : 1.0 / Totals.MOE_SLOWDOWN;
        return flops / flopsPerSecond * factor;
    }
}
