package org.moeworkbench.app.runs;

import java.util.Locale;
import org.moeworkbench.app.designer.DataShape;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.moeworkbench.engine.layout.ModelSizer;
import org.moeworkbench.engine.layout.ModelSummary;

/**
 * The designer's totals: the engine's exact counts (ModelSizer) and two rough estimates.
 *
 * @param params          trainable parameters
 * @param paramsActive    parameters used per image (experts counted k of E)
 * @param flopsPerImage   forward FLOPs of one image
 * @param memoryBytes     estimate of the training process's memory (see {@link #estimateMemory})
 * @param secondsPerEpoch estimate of one epoch (training + validation pass) on this machine kind
 */
public record Totals(
        long params,
        long paramsActive,
        long flopsPerImage,
        long memoryBytes,
        double secondsPerEpoch,
        String speedSource) {

    /**
     * MoE training costs this much more per FLOP than dense. 2.7 in the early field notes (160 vs 430 img/s); since
     * the gather dispatch and array reuse, measured 1.16 (the default MoE at ~370 img/s against the notes' dense
     * ~430 img/s at nearly the same FLOPs) and 1.09 (Fashion-MNIST demo, MoE 222 against its dense twin's 241
     * img/s, docs/bench.md): the designer estimated the default's epoch at 1 min 49 s where it takes ~45 s.
     */
    static final double MOE_SLOWDOWN = 1.15;
    /** ND4J's own footprint with the project's JVM flags (field notes: 2.8-3.2 GB for a tiny model). */
    static final long ND4J_BASELINE_BYTES = 2_800_000_000L;

    public static Totals of(ExperimentConfig config, BackboneLayout layout, DataShape data) {
        return of(config, layout, data, MeasuredSpeeds.NONE);
    }

    /** Totals with the epoch time estimated from the measured run that best predicts this model. */
    public static Totals of(ExperimentConfig config, BackboneLayout layout, DataShape data, MeasuredSpeeds speeds) {
        ModelSummary summary = ModelSizer.summarize(layout);
        Throughput speed = speeds.forModel(config.model().family(), config.moe().enabled(), summary.flopsPerImage());
        long memory = estimateMemory(layout, summary, config.training().batchSize());
        double trainFlops = 3.0 * summary.flopsPerImage() * data.trainImages()
                + (double) summary.flopsPerImage() * data.validationImages();
        double seconds = speed.seconds(trainFlops, config.moe().enabled());
        return new Totals(
                summary.params(), summary.paramsActive(), summary.flopsPerImage(), memory, seconds, speed.source());
    }

    /**
     * Weights, gradients and two AdamW moments (16 bytes a parameter), activations kept for the backward
     * pass (about 6 block-width and 2 hidden-width float tensors per token and block, plus their gradients),
     * and ND4J's baseline.
     */
    static long estimateMemory(BackboneLayout layout, ModelSummary summary, int batchSize) {
        long floatsPerImage = 0;
        for (BackboneLayout.Block block : layout.blocks()) {
            int k = block.moe() ? Math.max(1, layout.moe().topK()) : 1;
            floatsPerImage += (long) block.tokens() * (6L * block.dim() + 2L * block.hidden() * k);
        }
        long activations = floatsPerImage * batchSize * 4L * 2L;
        return summary.params() * 16L + activations + ND4J_BASELINE_BYTES;
    }

    public static String count(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fG", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (n >= 10_000L) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return Long.toString(n);
    }

    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "-";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** One line for the designer's status bar. */
    public String describe(int epochs) {
        return String.format(
                Locale.ROOT,
                "params %s | active per image %s | %s FLOPs/image | memory ~%.1f GB"
                        + " | ~%s per epoch, ~%s for %d epochs (estimates; speed: %s)",
                count(params),
                count(paramsActive),
                count(flopsPerImage),
                memoryBytes / 1e9,
                duration(secondsPerEpoch),
                duration(secondsPerEpoch * epochs),
                epochs,
                speedSource);
    }
}
