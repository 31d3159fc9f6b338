package org.moeworkbench.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoubleConsumer;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.data.Batch;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.model.NetworkBuilder;
import org.moeworkbench.engine.model.OptimizerSettings;
import org.moeworkbench.engine.run.CheckpointState;
import org.moeworkbench.engine.run.RoutingStore;
import org.moeworkbench.engine.run.RunDirectory;

/**
 * What-if routing: a finished sparse-MoE run evaluated with its routing changed (experts removed or pinned, another
 * k, capacity or router noise), against the same weights routed as trained. Results are cached per setting in the
 * run's {@code whatif/} folder (docs/formats.md), with a routing snapshot of the analysis images under the change so
 * the routing views can redraw it.
 */
public final class WhatIf {
    /** Added to a removed expert's router score: exp(-1e4) is 0 in float, so no token picks it. */
    static final float REMOVED = -1e4f;
    /**
     * Added to a pinned expert's score: every token's first choice (gate ~1). Small enough that the other experts'
     * probabilities (about e^-60 of it) stay above float's smallest normal, so with k > 1 the later choices still
     * follow the router's order instead of all falling to expert 0.
     */
    static final float PINNED = 60f;

    public static final String FOLDER = "whatif";

    private WhatIf() {}

    /** An expert of one MoE layer, written {@code BLOCK:EXPERT} (block as in model.json, expert from 0). */
    public record ExpertRef(int block, int expert) {
        public static ExpertRef parse(String text) {
            String[] parts = text.trim().split(":");
            try {
                if (parts.length == 2) {
                    return new ExpertRef(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                }
            } catch (NumberFormatException e) {
                // the message below says what is expected
            }
            throw new IllegalArgumentException(
                    "\"" + text + "\" is not BLOCK:EXPERT (e.g. 4:1 for expert 1 of the MoE layer in block 4)");
        }

        @Override
        public String toString() {
            return block + ":" + expert;
        }
    }

    /**
     * One routing change; null fields keep the run's own value.
     *
     * @param ablate      experts removed from routing (their tokens go to the next choice)
     * @param force       per layer at most one expert every token picks first
     * @param topK        another k
     * @param capacity    another capacity factor (0 = unlimited)
     * @param routerNoise router noise std applied at evaluation (training noise is off at evaluation otherwise)
     * @param images      {@code test} (the test split) or {@code analysis} (the run's analysis subset: fast)
     */
    public record Setting(
            List<ExpertRef> ablate,
            List<ExpertRef> force,
            Integer topK,
            Double capacity,
            Double routerNoise,
            String images) {
        public Setting {
            ablate = ablate == null ? List.of() : List.copyOf(ablate);
            force = force == null ? List.of() : List.copyOf(force);
            images = images == null ? "test" : images;
            if (!images.equals("test") && !images.equals("analysis")) {
                throw new IllegalArgumentException("images: \"test\" or \"analysis\", got \"" + images + "\"");
            }
            if (topK != null && topK < 1) {
                throw new IllegalArgumentException("--topk must be at least 1, got " + topK);
            }
            if (capacity != null && capacity < 0) {
                throw new IllegalArgumentException("--capacity must be 0 (unlimited) or positive, got " + capacity);
            }
            if (routerNoise != null && routerNoise < 0) {
                throw new IllegalArgumentException("--router-noise must be 0 or more, got " + routerNoise);
            }
        }

        /** The run as trained, on {@code images}. */
        public static Setting unchanged(String images) {
            return new Setting(List.of(), List.of(), null, null, null, images);
        }

        public boolean changesNothing() {
            return ablate.isEmpty() && force.isEmpty() && topK == null && capacity == null && routerNoise == null;
        }

        /** The cache name: every change in a fixed order, e.g. {@code ablate-4.1_topk-2_on-test}. */
        public String key() {
            List<String> parts = new ArrayList<>();
            if (!ablate.isEmpty()) {
                parts.add("ablate-" + refs(ablate));
            }
            if (!force.isEmpty()) {
                parts.add("force-" + refs(force));
            }
            if (topK != null) {
                parts.add("topk-" + topK);
            }
            if (capacity != null) {
                parts.add("capacity-" + number(capacity));
            }
            if (routerNoise != null) {
                parts.add("noise-" + number(routerNoise));
            }
            if (parts.isEmpty()) {
                parts.add("unchanged");
            }
            parts.add("on-" + images);
            return String.join("_", parts);
        }

        /** What the change is, in words, for the console and the app. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            ablate.forEach(r -> parts.add("expert " + r.expert() + " of block " + r.block() + " off"));
            force.forEach(r -> parts.add("all tokens of block " + r.block() + " to expert " + r.expert()));
            if (topK != null) {
                parts.add("k = " + topK);
            }
            if (capacity != null) {
                parts.add(capacity == 0 ? "no capacity limit" : "capacity factor " + number(capacity));
            }
            if (routerNoise != null) {
                parts.add("router noise " + number(routerNoise));
            }
            return parts.isEmpty() ? "routing as trained" : String.join(", ", parts);
        }

        private static String refs(List<ExpertRef> refs) {
            return String.join(
                    "+",
                    refs.stream()
                            .sorted(java.util.Comparator.comparingInt(ExpertRef::block)
                                    .thenComparingInt(ExpertRef::expert))
                            .map(r -> r.block() + "." + r.expert())
                            .toList());
        }

        private static String number(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }

    /**
     * @param block        global block index of the MoE layer
     * @param load         share of all choices per expert
     * @param droppedShare choices dropped by the capacity limit / all choices
     */
    public record LayerLoad(int block, double[] load, double droppedShare) {}

    /** Accuracy, loss and per-layer load of one routing on the evaluated images. */
    public record Outcome(double accuracy, double loss, int images, List<LayerLoad> layers) {}

    /**
     * @param run        the run id
     * @param setting    the change
     * @param checkpoint the checkpoint evaluated (the run's last: its final weights)
     * @param unchanged  the run routed as trained, same images
     * @param changed    the run routed with the change
     * @param routing    the what-if routing snapshot of the analysis images, relative to the run (for the views)
     */
    public record Result(
            String run, Setting setting, String checkpoint, Outcome unchanged, Outcome changed, String routing) {
        public double accuracyDelta() {
            return changed.accuracy() - unchanged.accuracy();
        }

        public double lossDelta() {
            return changed.loss() - unchanged.loss();
        }
    }

    /** The cached result file of {@code setting} in {@code runDir}. */
    public static Path resultFile(Path runDir, Setting setting) {
        return runDir.resolve(FOLDER).resolve(setting.key() + ".json");
    }

    /** The cached result of {@code setting} if it was computed on the run's current last checkpoint. */
    public static java.util.Optional<Result> cached(Path runDir, Setting setting) {
        Path file = resultFile(runDir, setting);
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try {
            Result result = ConfigJson.readAllowingNulls(file, Result.class);
            String current = lastCheckpoint(RunDirectory.open(runDir));
            return current.equals(result.checkpoint()) ? java.util.Optional.of(result) : java.util.Optional.empty();
        } catch (RuntimeException | IOException e) {
            return java.util.Optional.empty(); // a damaged cache entry is recomputed
        }
    }

    /**
     * Evaluates {@code setting} on a run (or returns the cached result) and writes the result and the what-if routing
     * snapshot into {@code whatif/}.
     *
     * @param progress told the share done, 0..1, from the calling thread
     * @throws IllegalArgumentException if the run cannot take the change (a dense run, a block without MoE, an expert
     *                                  that does not exist, every expert of a layer removed)
     */
    public static Result evaluate(Path runDir, Setting setting, DoubleConsumer progress, CancellationToken cancel)
            throws IOException {
        java.util.Optional<Result> cached = cached(runDir, setting);
        if (cached.isPresent()) {
            progress.accept(1);
            return cached.get();
        }
        try {
            return compute(runDir, setting, progress, cancel);
        } finally {
            // the two networks built here are garbage now; ND4J frees their native memory only when the collector
            // takes their Java objects, which a large heap (the app's) may not do for many evaluations
            System.gc();
        }
    }

    private static Result compute(Path runDir, Setting setting, DoubleConsumer progress, CancellationToken cancel)
            throws IOException {
        RunDirectory run = RunDirectory.open(runDir);
        ExperimentConfig config = run.config();
        check(config, setting);
        String checkpoint = lastCheckpoint(run);
        TrainingData data = DatasetTrainingData.open(config);
        int[] analysis = run.routing().readAnalysis().indices();

        Outcome unchanged;
        Setting asTrained = Setting.unchanged(setting.images());
        java.util.Optional<Result> base = cached(runDir, asTrained);
        if (base.isPresent()) {
            unchanged = base.get().changed();
        } else {
            Network network = build(config, config.moe(), data, run, checkpoint);
            unchanged = evaluate(network, data, setting.images(), analysis, config, p -> progress.accept(p / 2), cancel)
                    .outcome();
            write(runDir, new Result(run.id(), asTrained, checkpoint, unchanged, unchanged, null));
        }
        MoeConfig moe = config.moe()
                .withRouting(
                        setting.topK() == null ? config.moe().topK() : setting.topK(),
                        setting.capacity() == null ? config.moe().capacityFactor() : setting.capacity(),
                        setting.routerNoise() == null ? config.moe().routerNoise() : setting.routerNoise());
        Network network = build(config, moe, data, run, checkpoint);
        List<Integer> blocks = config.moeBlocks();
        for (int layer = 0; layer < blocks.size(); layer++) {
            float[] bias = new float[config.moe().experts()];
            for (ExpertRef r : setting.ablate()) {
                if (r.block() == blocks.get(layer)) {
                    bias[r.expert()] = REMOVED;
                }
            }
            for (ExpertRef r : setting.force()) {
                if (r.block() == blocks.get(layer)) {
                    bias[r.expert()] = PINNED;
                }
            }
            network.setRoutingBias(layer, bias);
        }
        if (setting.routerNoise() != null && setting.routerNoise() > 0) {
            network.setRouterNoiseAtInference(true);
        }
        double start = base.isPresent() ? 0 : 0.5;
        double span = 1 - start;
        Pass pass = evaluate(
                network, data, setting.images(), analysis, config, p -> progress.accept(start + span * p), cancel);
        String routing = null;
        if (analysis.length > 0) {
            Path dir = runDir.resolve(FOLDER).resolve(setting.key()).resolve("routing");
            RoutingStore store = new RoutingStore(dir);
            store.writeAnalysis(run.routing().readAnalysis());
            List<Network.RoutingSnapshot> layers = pass.analysisRouting();
            if (layers == null) { // the test split was evaluated: route the analysis images on their own
                layers = routeAll(network, data, analysis, config.training().batchSize(), config.seed());
            }
            // stamped with the epochs the weights trained, like the run's own final snapshot
            int epochs = run.checkpoints().state().orElseThrow().last().epochsCompleted();
            store.write(epochs, true, analysis.length, config.moe().experts(), layers);
            routing = runDir.relativize(dir).toString();
        }
        Result result = new Result(run.id(), setting, checkpoint, unchanged, pass.outcome(), routing);
        write(runDir, result);
        progress.accept(1);
        return result;
    }

    private static void write(Path runDir, Result result) throws IOException {
        ConfigJson.write(resultFile(runDir, result.setting()), result);
    }

    private static String lastCheckpoint(RunDirectory run) throws IOException {
        CheckpointState state = run.checkpoints()
                .state()
                .orElseThrow(() -> new IllegalArgumentException(
                        run.root() + " has no checkpoint yet: what-if routing evaluates a trained network"));
        return state.last().file();
    }

    static void check(ExperimentConfig config, Setting setting) {
        MoeConfig moe = config.moe();
        if (!moe.enabled()) {
            throw new IllegalArgumentException(
                    "a dense run has no routing to change: what-if needs a run with MoE layers");
        }
        List<Integer> blocks = config.moeBlocks();
        int k = setting.topK() == null ? moe.topK() : setting.topK();
        if (k > moe.experts()) {
            throw new IllegalArgumentException(
                    "--topk " + k + " is more than the " + moe.experts() + " experts per layer");
        }
        Set<Integer> forced = new HashSet<>();
        for (ExpertRef r : setting.force()) {
            checkRef(r, blocks, moe.experts(), "--force");
            if (!forced.add(r.block())) {
                throw new IllegalArgumentException(
                        "--force: block " + r.block() + " is pinned twice; pin one expert per layer");
            }
            if (setting.ablate().contains(r)) {
                throw new IllegalArgumentException("expert " + r + " is both removed (--ablate) and pinned (--force)");
            }
        }
        for (ExpertRef r : setting.ablate()) {
            checkRef(r, blocks, moe.experts(), "--ablate");
        }
        for (int block : blocks) {
            long removed = setting.ablate().stream()
                    .filter(r -> r.block() == block)
                    .map(ExpertRef::expert)
                    .distinct()
                    .count();
            if (moe.experts() - removed < k) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "--ablate leaves %d of %d experts in block %d, fewer than k = %d choices per token",
                        moe.experts() - removed,
                        moe.experts(),
                        block,
                        k));
            }
        }
    }

    private static void checkRef(ExpertRef r, List<Integer> blocks, int experts, String option) {
        if (!blocks.contains(r.block())) {
            throw new IllegalArgumentException(
                    option + " " + r + ": block " + r.block() + " has no MoE layer; MoE blocks are " + blocks);
        }
        if (r.expert() < 0 || r.expert() >= experts) {
            throw new IllegalArgumentException(
                    option + " " + r + ": expert " + r.expert() + " does not exist; experts are 0 to " + (experts - 1));
        }
    }

    private static Network build(
            ExperimentConfig config, MoeConfig moe, TrainingData data, RunDirectory run, String checkpoint)
            throws IOException {
        Network network = NetworkBuilder.build(
                config.model(),
                moe,
                data.classes(),
                data.channels(),
                config.data().imageSize(),
                config.seed(),
                OptimizerSettings.of(config.training(), moe));
        network.load(run.checkpoints().file(checkpoint));
        return network;
    }

    /** @param analysisRouting the analysis images' routing when the pass evaluated them, else null */
    private record Pass(Outcome outcome, List<Network.RoutingSnapshot> analysisRouting) {}

    private static Pass evaluate(
            Network network,
            TrainingData data,
            String images,
            int[] analysis,
            ExperimentConfig config,
            DoubleConsumer progress,
            CancellationToken cancel) {
        int batchSize = config.training().batchSize();
        int experts = config.moe().experts();
        int total = images.equals("analysis") ? analysis.length : data.size(TrainingData.Split.TEST);
        Iterator<Batch> batches = images.equals("analysis")
                ? subsetBatches(data, analysis, batchSize)
                : data.evaluationBatches(TrainingData.Split.TEST, batchSize);
        List<Integer> blocks = config.moeBlocks();
        long[][] chosen = new long[blocks.size()][experts];
        long[] dropped = new long[blocks.size()];
        long[] choices = new long[blocks.size()];
        List<List<Network.RoutingSnapshot>> kept = images.equals("analysis") ? new ArrayList<>() : null;
        double lossSum = 0;
        long correct = 0;
        int done = 0;
        long batchIndex = 0;
        while (batches.hasNext()) {
            if (cancel.isCancelled()) {
                throw new java.util.concurrent.CancellationException("what-if evaluation cancelled");
            }
            Batch batch = batches.next();
            Network.RoutedEvaluation routed =
                    network.evaluateRouted(batch.features(), batch.targets(), config.seed() * 31 + batchIndex++);
            lossSum += routed.eval().loss() * batch.size();
            correct += Evaluation.correct(routed.eval().logits(), batch.targets());
            done += batch.size();
            for (int layer = 0; layer < routed.routing().size(); layer++) {
                Network.RoutingSnapshot s = routed.routing().get(layer);
                for (int t = 0; t < s.experts().length; t++) {
                    for (int j = 0; j < s.experts()[t].length; j++) {
                        chosen[layer][s.experts()[t][j]]++;
                        choices[layer]++;
                        if (s.dropped()[t][j]) {
                            dropped[layer]++;
                        }
                    }
                }
            }
            if (kept != null) {
                kept.add(routed.routing());
            }
            progress.accept(total == 0 ? 1 : done / (double) total);
        }
        List<LayerLoad> layers = new ArrayList<>();
        for (int layer = 0; layer < blocks.size(); layer++) {
            double[] load = new double[experts];
            for (int e = 0; e < experts; e++) {
                load[e] = choices[layer] == 0 ? 0 : chosen[layer][e] / (double) choices[layer];
            }
            layers.add(new LayerLoad(
                    blocks.get(layer), load, choices[layer] == 0 ? 0 : dropped[layer] / (double) choices[layer]));
        }
        Outcome outcome = done == 0
                ? new Outcome(Double.NaN, Double.NaN, 0, layers)
                : new Outcome(correct / (double) done, lossSum / done, done, layers);
        return new Pass(outcome, kept == null ? null : RoutingRecorder.concat(kept));
    }

    private static Iterator<Batch> subsetBatches(TrainingData data, int[] indices, int batchSize) {
        List<int[]> chunks = new ArrayList<>();
        for (int from = 0; from < indices.length; from += batchSize) {
            chunks.add(Arrays.copyOfRange(indices, from, Math.min(indices.length, from + batchSize)));
        }
        Iterator<int[]> it = chunks.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Batch next() {
                return data.testImages(it.next());
            }
        };
    }

    private static List<Network.RoutingSnapshot> routeAll(
            Network network, TrainingData data, int[] indices, int batchSize, long seed) {
        List<List<Network.RoutingSnapshot>> parts = new ArrayList<>();
        Iterator<Batch> batches = subsetBatches(data, indices, batchSize);
        long batchIndex = 0;
        while (batches.hasNext()) {
            Batch batch = batches.next();
            parts.add(network.evaluateRouted(batch.features(), batch.targets(), seed * 31 + batchIndex++)
                    .routing());
        }
        return RoutingRecorder.concat(parts);
    }
}
