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

    /** The speed a run measured on this machine (mean images/s of its epochs), if it logged an epoch. */
    public static Optional<Throughput> measured(Path runDir) {
        try {
            RunDirectory run = RunDirectory.open(runDir);
            ModelSummary model = ConfigJson.readAllowingNulls(run.modelFile(), ModelSummary.class);
            List<JsonNode> lines = MetricsLog.read(run.metricsFile());
            double sum = 0;
            int n = 0;
            for (JsonNode line : lines) {
                if (line.path("type").asText().equals("epoch")
                        && line.path("imagesPerSecond").isNumber()) {
                    sum += line.path("imagesPerSecond").asDouble();
                    n++;
                }
            }
            if (n == 0 || model.flopsPerImage() <= 0) {
                return Optional.empty();
            }
            double imagesPerSecond = sum / n;
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

    /** Seconds for {@code flops} of training work on a model that is (or is not) MoE. */
    double seconds(double flops, boolean moeModel) {
        double factor = moeModel == moe ? 1.0 : moeModel ? Totals.MOE_SLOWDOWN : 1.0 / Totals.MOE_SLOWDOWN;
        return flops / flopsPerSecond * factor;
    }
}
