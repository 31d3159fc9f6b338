package org.moeworkbench.app.runs;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.moeworkbench.engine.config.Family;

/**
 * The training speeds of the runs on this machine, from which the designer picks the one that predicts a model best.
 *
 * <p>FLOPs per second differ several-fold between families (attention vs depthwise convolution), between MoE and
 * dense (dispatch costs more than its FLOPs) and between small and large models (small ones are dominated by
 * per-op overhead), so a speed measured on one model says little about another.
 *
 * @param runs measured speeds, newest first
 */
public record MeasuredSpeeds(List<Throughput> runs) {

    public static final MeasuredSpeeds NONE = new MeasuredSpeeds(List.of());

    public MeasuredSpeeds {
        runs = List.copyOf(runs);
    }

    /** The speeds of the given run directories that logged an epoch, in the given order. */
    public static MeasuredSpeeds of(List<Path> runDirs) {
        return new MeasuredSpeeds(runDirs.stream()
                .map(Throughput::measured)
                .flatMap(Optional::stream)
                .toList());
    }

    /**
     * The speed to estimate a model with: among runs of the same family and kind (MoE or dense), the one nearest
     * in FLOPs per image (ratio, either way; the newest on ties); else the same for runs of the same family of the
     * other kind (scaled by {@link Totals#MOE_SLOWDOWN}); else the field notes' figure.
     */
    public Throughput forModel(Family family, boolean moe, long flopsPerImage) {
        Comparator<Throughput> nearest = Comparator.comparingDouble(t -> distance(t.flopsPerImage(), flopsPerImage));
        Optional<Throughput> sameKind = runs.stream()
                .filter(t -> t.family() == family && t.moe() == moe)
                .min(nearest);
        if (sameKind.isPresent()) {
            return sameKind.get();
        }
        return runs.stream().filter(t -> t.family() == family).min(nearest).orElse(Throughput.FIELD_NOTES);
    }

    private static double distance(long a, long b) {
        if (a <= 0 || b <= 0) {
            return Double.MAX_VALUE;
        }
        return Math.abs(Math.log((double) a / b));
    }
}
