package org.moeworkbench.engine.train;

import java.util.List;

/**
 * The Java heap of a training process, fixed in size and touched at start ({@code -Xms = -Xmx},
 * {@code -XX:+AlwaysPreTouch}). Why: the tensors live in native memory, and the heap holds only batches, metrics and
 * routing records, yet G1 keeps growing a heap it may grow (to 1/4 of RAM by default): two thirds of the resident
 * memory a 20-epoch run gained came from that. A fixed, pre-touched heap is resident from the first step, so the
 * process's RSS stays flat (docs/bench.md, "Soak").
 *
 * <p>The size is {@code -Dmoe.trainingHeap=SIZE} (as for -Xmx: 384m, 1g) for the app's training processes, and
 * the installed {@code moe} launcher starts with the default (installer/jpackage.sh); a run that needs more ends
 * with a message that says so ({@link MemoryCap#describeFailure}).
 */
public final class TrainingHeap {
    public static final String PROPERTY = "moe.trainingHeap";
    /**
     * 384m: it kept the sample default flat over 20 epochs and the Fashion-MNIST demo flat at 1.6 GB per epoch; its
     * one failure (step 7,540 of the 20-epoch demo) was ND4J's session remembering every released array id, fixed in
     * {@code RunScopedInferenceSession}. A larger young generation is worse, not safer: at 768m arrays left to the
     * collector waited longer, and the demo's per-epoch RSS rose 2,433 -> 2,874 MB over 6 epochs (docs/bench.md,
     * "Soak").
     */
    public static final String DEFAULT = "384m";

    static final String REMEDY = "-D" + PROPERTY + "=2g for the app's trainings; java -Xms2g -Xmx2g -jar moe.jar for"
            + " the CLI; the installed moe launcher: java-options in lib/app/moe.cfg";

    private TrainingHeap() {}

    /** The JVM options of a training process: the heap of {@code -Dmoe.trainingHeap}, or the default. */
    public static List<String> jvmOptions() {
        String size = System.getProperty(PROPERTY, DEFAULT).trim();
        if (!size.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + size + ": expected a heap size such as 384m or 1g");
        }
        return List.of("-Xms" + size, "-Xmx" + size, "-XX:+AlwaysPreTouch");
    }
}
