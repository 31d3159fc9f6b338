package org.moeworkbench.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Router;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.moeworkbench.engine.layout.ModelPresets;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.moe.BalanceLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training-throughput benchmark of {@code moe bench}: the reference model {@code convnext-atto-32}
 * (the same models as {@code shared/bench/reference_model.py}) in four configs, trained on seeded random
 * data (four batches of 128 reused in turn), AdamW lr 1e-3 weight decay 0.05, Switch-form balancing loss
 * with weight 0.01, every token processed (no capacity).
 */
public final class ReferenceBenchmark {
    public static final String MODEL = "convnext-atto-32";
    public static final int BATCH = 128;
    public static final int CLASSES = 10;
    public static final int IMAGE = 32;
    public static final double LEARNING_RATE = 1e-3;
    public static final double WEIGHT_DECAY = 0.05;
    public static final double AUX_WEIGHT = 0.01;

    /**
     * @param name    config name
     * @param experts E (0 = dense)
     * @param topK    k
     */
    public record BenchConfig(String name, int experts, int topK) {}

    public static final List<BenchConfig> CONFIGS = List.of(
            new BenchConfig("reference-moe", 8, 2),
            new BenchConfig("reference-dense", 0, 1),
            new BenchConfig("e2-k1", 2, 1),
            new BenchConfig("e16-k1", 16, 1));

    /**
     * One config's measurement.
     *
     * @param stepSeconds median wall time of a timed step
     * @param losses      the loss of every step (warmup included), to see that it trains
     * @param cpuSecondsPerStep median process CPU time (all threads) of a timed step: unlike wall time it hardly
     *                          changes when other processes share the cores
     * @param warmupSteps       untimed steps before the timed ones
     * @param jitSecondsTimed   JIT compilation time (all compiler threads) during the timed steps
     */
    public record Result(
            String name,
            double imagesPerSecond,
            double stepSeconds,
            long params,
            long paramsActive,
            double[] losses,
            List<OpTimingListener.OpTime> profile,
            double cpuSecondsPerStep,
            int warmupSteps,
            double jitSecondsTimed) {}

    private ReferenceBenchmark() {}

    /** The MoE settings of a bench config: Last 2, linear router, experts of mlp_ratio 4, no noise or capacity. */
    public static MoeConfig moeConfig(int experts, int topK) {
        return experts == 0
                ? MoeConfig.dense()
                : new MoeConfig(
                        experts,
                        topK,
                        Placement.LAST2,
                        List.of(),
                        Router.LINEAR,
                        32,
                        4.0,
                        0,
                        AUX_WEIGHT,
                        0,
                        false,
                        WEIGHT_DECAY);
    }

    /** Builds the network of a config (seed 0, float32, Switch balancing loss). */
    public static Network network(BenchConfig config) {
        ModelConfig model = ModelPresets.get(MODEL);
        return NetworkBuilder.build(
                BackboneLayout.of(model, moeConfig(config.experts(), config.topK()), CLASSES, 3, IMAGE),
                0,
                OptimizerSettings.adamW(WEIGHT_DECAY),
                DataType.FLOAT,
                MoeLayerFactory.withBalanceLoss(BalanceLoss.SWITCH));
    }

    /** The bench's data: four batches of seeded Gaussian pixels and uniform random one-hot labels. */
    public static List<INDArray[]> randomBatches(int batchSize) {
        Random random = new Random(1);
        List<INDArray[]> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            float[] pixels = new float[batchSize * 3 * IMAGE * IMAGE];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextGaussian();
            }
            INDArray targets = Nd4j.zeros(DataType.FLOAT, batchSize, CLASSES);
            for (int i = 0; i < batchSize; i++) {
                targets.putScalar(i, random.nextInt(CLASSES), 1f);
            }
            batches.add(new INDArray[] {Nd4j.create(pixels, new long[] {batchSize, 3, IMAGE, IMAGE}), targets});
        }
        return batches;
    }

    /**
     * Batches cut in order from images [n, 3, 32, 32] and class labels [n] (the learning check feeds the
     * same data to this engine and to the PyTorch twin); a last partial batch is left out.
     */
    public static List<INDArray[]> batchesOf(float[] images, int[] labels, int batchSize) {
        int n = labels.length;
        int pixels = 3 * IMAGE * IMAGE;
        if (images.length != n * pixels) {
            throw new IllegalArgumentException(images.length + " pixel values for " + n + " labels; expected "
                    + (long) n * pixels + " (" + n + " images of 3x" + IMAGE + "x" + IMAGE + ")");
        }
        if (n < batchSize) {
            throw new IllegalArgumentException(n + " images are fewer than one batch of " + batchSize);
        }
        List<INDArray[]> batches = new ArrayList<>();
        for (int start = 0; start + batchSize <= n; start += batchSize) {
            float[] part = Arrays.copyOfRange(images, start * pixels, (start + batchSize) * pixels);
            INDArray targets = Nd4j.zeros(DataType.FLOAT, batchSize, CLASSES);
            for (int i = 0; i < batchSize; i++) {
                int label = labels[start + i];
                if (label < 0 || label >= CLASSES) {
                    throw new IllegalArgumentException(
                            "label " + label + " of image " + (start + i) + " is outside 0.." + (CLASSES - 1));
                }
                targets.putScalar(i, label, 1f);
            }
            batches.add(new INDArray[] {Nd4j.create(part, new long[] {batchSize, 3, IMAGE, IMAGE}), targets});
        }
        return batches;
    }

    /**
     * When the untimed warm-up ends. The JVM compiles the engine's hot Java code (SameDiff's session, the
     * optimiser loop) during the first tens of steps of a process, and on 2 cores a compiler thread takes a core
     * from the ops: in the first config of a run we saw 2-3 s of compilation in each of steps 8-11, which made those
     * steps 1.5-2x slower than the quiet ones. The bench measures steady-state training (what a run of thousands of
     * steps sees, and what the PyTorch twin, which has no JIT, gives after its 3 warm-up steps), so with
     * {@code settle} the warm-up continues after {@code minimum} steps until the last {@code quietStepsNeeded} steps
     * together spent under {@code quietShare} of their wall time compiling, for at most {@code maximumExtra} more
     * steps. (Compilation comes in bursts with quiet steps between them: SameDiff's session loop is one method of
     * 3307 bytecodes that C2 compiles several times, seconds each; a window of 3 steps rides over the gaps.)
     */
    public record WarmupPolicy(int minimum, boolean settle, int maximumExtra, double quietShare, int quietStepsNeeded) {
        public static final int DEFAULT_MAXIMUM_EXTRA = 30;

        public WarmupPolicy {
            if (minimum < 0 || maximumExtra < 0 || quietStepsNeeded < 1 || quietShare <= 0) {
                throw new IllegalArgumentException("warm-up: minimum " + minimum + ", maximumExtra " + maximumExtra
                        + ", quietStepsNeeded " + quietStepsNeeded + ", quietShare " + quietShare
                        + "; expected minimum >= 0, maximumExtra >= 0, quietStepsNeeded >= 1, quietShare > 0");
            }
        }

        /** {@code minimum} steps, then until 3 steps in a row compile for less than 5% of their time (30 more at most). */
        public static WarmupPolicy settling(int minimum) {
            return new WarmupPolicy(minimum, true, DEFAULT_MAXIMUM_EXTRA, 0.05, 3);
        }

        /** Exactly {@code steps} untimed steps. */
        public static WarmupPolicy fixed(int steps) {
            return new WarmupPolicy(steps, false, 0, 0.05, 1);
        }

        /**
         * @param stepSeconds wall time of each step so far
         * @param jitSeconds  compilation time during each step so far (same length)
         * @return whether the next step is still a warm-up step
         */
        public boolean stillWarming(double[] stepSeconds, double[] jitSeconds, int done) {
            if (done < minimum) {
                return true;
            }
            if (!settle || done >= minimum + maximumExtra) {
                return false;
            }
            if (done < quietStepsNeeded) {
                return true;
            }
            double compiling = 0;
            double total = 0;
            for (int i = done - quietStepsNeeded; i < done; i++) {
                compiling += jitSeconds[i];
                total += stepSeconds[i];
            }
            return compiling >= quietShare * total;
        }
    }

    /**
     * Trains one config on the given batches (used in turn): untimed steps as {@code warmup} decides, then
     * {@code steps} timed steps.
     */
    public static Result run(
            BenchConfig config,
            List<INDArray[]> batches,
            WarmupPolicy warmup,
            int steps,
            boolean profile,
            Consumer<String> progress) {
        Network network = network(config);
        int batchSize = (int) batches.get(0)[0].size(0);
        OpTimingListener timing = new OpTimingListener();
        int most = warmup.minimum() + warmup.maximumExtra() + steps;
        double[] wall = new double[most];
        double[] cpu = new double[most];
        double[] jit = new double[most];
        double[] losses = new double[most];
        int warmupSteps = -1;
        int done = 0;
        while (warmupSteps < 0 || done < warmupSteps + steps) {
            if (warmupSteps < 0 && !warmup.stillWarming(wall, jit, done)) {
                warmupSteps = done;
                if (profile) {
                    ((SameDiffNetwork) network).addListener(timing);
                }
                continue;
            }
            INDArray[] batch = batches.get(done % batches.size());
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            long jitStart = jitMillis();
            losses[done] = network.trainStep(batch[0], batch[1], LEARNING_RATE).loss();
            wall[done] = (System.nanoTime() - start) / 1e9;
            cpu[done] = (processCpuNanos() - cpuStart) / 1e9;
            jit[done] = (jitMillis() - jitStart) / 1e3;
            long[] pool = ArrayPool.hitsAndMisses();
            progress.accept(String.format(
                    "%s %s step %d: loss %.4f, %.3f s (JIT compiling %.2f s; op outputs so far: "
                            + "%d reused, %d new)",
                    config.name(),
                    warmupSteps < 0 ? "warm-up" : "timed",
                    done + 1,
                    losses[done],
                    wall[done],
                    jit[done],
                    pool[0],
                    pool[1]));
            done++;
        }
        double median = median(Arrays.copyOfRange(wall, warmupSteps, done));
        double jitTimed = Arrays.stream(jit, warmupSteps, done).sum();
        ModelSummary summary = network.summary();
        return new Result(
                config.name(),
                batchSize / median,
                median,
                summary.params(),
                summary.paramsActive(),
                Arrays.copyOf(losses, done),
                profile ? timing.byTime() : List.of(),
                median(Arrays.copyOfRange(cpu, warmupSteps, done)),
                warmupSteps,
                jitTimed);
    }

    /** Milliseconds the JIT compilers have worked so far (summed over compiler threads). */
    static long jitMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
