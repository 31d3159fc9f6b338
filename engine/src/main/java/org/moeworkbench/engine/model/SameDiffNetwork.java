package org.moeworkbench.engine.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.moeworkbench.engine.layout.ModelSizer;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.moe.RoutingHealth;
import org.moeworkbench.engine.moe.SparseMoeLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A {@link Network} over a SameDiff graph, with the optimiser in Java over SameDiff's gradients. */
final class SameDiffNetwork implements Network {
    static final String LOGITS = "logits";
    static final String PENULTIMATE = "penultimate";
    static final String TASK_LOSS = "task_loss";
    static final String AUX_LOSS = "aux_loss";
    static final String LOSS = "loss";
    private static final List<String> HEAD_PARAMS = List.of("head_w", "head_b");

    private final SameDiff sd;
    private final BackboneLayout layout;
    private final ModelSummary summary;
    private final DataType dtype;
    private final long seed;
    private final Map<String, ParamGroup> groups;
    private final Map<String, Double> dropPath;
    private final List<SparseMoeLayer.Output> moeLayers;
    private final List<Integer> moeBlocks;
    private final boolean hasTrainingFlag;
    private final ParamOptimizer optimizer;
    private final List<String> trainOutputs = new ArrayList<>();
    /** The train outputs followed by the gradient variables, one list for the gradient function's session. */
    private final List<String> trainAndGradientOutputs = new ArrayList<>();
    /** Parameter name to the name of its gradient variable in the gradient function. */
    private final Map<String, String> gradientNames = new LinkedHashMap<>();
    /** The memory of the gradient function's sessions: every array of a training step, reused by the next one. */
    private final ArrayPool trainingArrays;
    /**
     * The memory of inference runs (evaluation, routing, features), taken back after each run once its outputs are
     * read. SameDiff's inference session hands back only part of a run's arrays; the rest waited for the garbage
     * collector, which a small Java heap seldom runs: on Fashion-MNIST each evaluation pass of the MoE demo left
     * about 1.5 GB of native buffers behind (resident memory 3.5 to 5.9 GB over 10 epochs).
     */
    private final ArrayPool inferenceArrays = new ArrayPool(ArrayPool.DEFAULT_INFERENCE_BUDGET_BYTES, true);

    private final SeededRandomOps randomOps = new SeededRandomOps();

    SameDiffNetwork(GraphContext g, BackboneLayout layout, OptimizerSettings settings, ArrayPool trainingArrays) {
        if (trainingArrays.owner() != g.sd.getFunction("grad")) {
            throw new IllegalStateException(
                    "the training array pool was taken by another graph than the gradient " + "function");
        }
        this.trainingArrays = trainingArrays;
        this.sd = g.sd;
        this.layout = layout;
        this.summary = ModelSizer.summarize(layout);
        this.dtype = g.dtype;
        this.seed = g.seed;
        this.groups = Map.copyOf(g.params);
        this.dropPath = new LinkedHashMap<>(g.dropPath);
        this.moeLayers = List.copyOf(g.moeLayers);
        this.moeBlocks = List.copyOf(g.moeLayerBlocks);
        this.hasTrainingFlag = g.training != null;
        this.optimizer = new ParamOptimizer(settings, g.params, g.routerParams);
        sd.setListeners(randomOps);
        trainOutputs.add(LOSS);
        trainOutputs.add(TASK_LOSS);
        if (!moeLayers.isEmpty()) {
            trainOutputs.add(AUX_LOSS);
            moeLayers.forEach(m -> {
                trainOutputs.add(m.load().name());
                trainOutputs.add(m.chosen().name());
                trainOutputs.add(m.dropped().name());
                trainOutputs.add(m.routerLogits().name());
            });
        }
        trainAndGradientOutputs.addAll(trainOutputs);
        for (String name : groups.keySet()) {
            SDVariable gradient = sd.getVariable(name).getGradient(); // null if the loss does not depend on it
            if (gradient != null) {
                gradientNames.put(name, gradient.name());
                trainAndGradientOutputs.add(gradient.name());
            }
        }
    }

    /**
     * SameDiff's gradient function, run with its array cache on. {@code calculateGradientsAndOutputs} turns the
     * cache off on every call, so each op's output is a fresh native allocation (zeroed, page-faulted in) that
     * only the garbage collector frees: about 2.8 GB of new pages per step of the reference model and 40% of
     * its step time. With the cache on, the session hands each intermediate array back once its last reader
     * has run and the next op of that shape reuses it (as {@code SameDiff.fit} does).
     */
    private SameDiff gradientFunction() {
        SameDiff gradFn = sd.getFunction("grad");
        gradFn.setEnableCache(true);
        gradFn.setListeners(sd.getListeners());
        return gradFn;
    }

    /** The graph, for tests. */
    SameDiff sameDiff() {
        return sd;
    }

    /** Adds a listener (e.g. op timing) next to the network's own. */
    void addListener(org.nd4j.autodiff.listeners.Listener listener) {
        sd.setListeners(randomOps, listener);
    }

    /** Names and optimiser groups of the trainable parameters. */
    Map<String, ParamGroup> paramGroups() {
        return groups;
    }

    @Override
    public ModelSummary summary() {
        return summary;
    }

    @Override
    public StepResult trainStep(INDArray features, INDArray targets, double learningRate) {
        int step = optimizer.iteration();
        long stepSeed = seed * 0x9E3779B97F4A7C15L + step;
        randomOps.setStepSeed(stepSeed); // router noise: the same for the same seed and step
        Map<String, INDArray> feeds = feeds(features, targets, true, new SplittableRandom(stepSeed));
        Map<String, INDArray> out = trainingArrays.use(() -> gradientFunction().output(feeds, trainAndGradientOutputs));
        Map<String, INDArray> params = new LinkedHashMap<>();
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        for (String name : groups.keySet()) {
            params.put(name, sd.getVariable(name).getArr());
            String gradient = gradientNames.get(name);
            if (gradient != null) {
                gradients.put(name, out.get(gradient));
            }
        }
        optimizer.apply(params, gradients, learningRate);
        List<double[]> load = new ArrayList<>();
        List<RoutingHealth> health = new ArrayList<>();
        for (int i = 0; i < moeLayers.size(); i++) {
            SparseMoeLayer.Output m = moeLayers.get(i);
            load.add(ArrayValues.doubles(out.get(m.load().name())));
            INDArray chosen = out.get(m.chosen().name());
            int experts = (int) out.get(m.routerLogits().name()).size(1);
            health.add(RoutingHealth.ofTokens(
                    moeBlocks.get(i),
                    experts,
                    (int) chosen.size(1),
                    ArrayValues.floats(out.get(m.routerLogits().name())),
                    ArrayValues.longs(chosen),
                    ArrayValues.floats(out.get(m.dropped().name()))));
        }
        double aux = moeLayers.isEmpty() ? 0 : out.get(AUX_LOSS).getDouble(0);
        StepResult result = new StepResult(
                out.get(LOSS).getDouble(0), out.get(TASK_LOSS).getDouble(0), aux, load, List.copyOf(health));
        trainingArrays.reclaimAll(); // outputs and gradients are read: the next step reuses all of the step's arrays
        return result;
    }

    /** Zeroes every expert weight (the experts then output exactly 0) and restores them afterwards. */
    @Override
    public <T> T withMoeSilenced(java.util.function.Supplier<T> work) {
        Map<INDArray, INDArray> saved = new java.util.IdentityHashMap<>();
        for (SparseMoeLayer.Output m : moeLayers) {
            for (SDVariable w : m.expertWeights()) {
                INDArray value = w.getArr();
                saved.put(value, value.dup());
                value.assign(0);
            }
        }
        try {
            return work.get();
        } finally {
            saved.forEach(INDArray::assign);
        }
    }

    @Override
    public void releaseTrainingMemory() {
        trainingArrays.close();
    }

    @Override
    public INDArray logits(INDArray features) {
        return infer(
                feeds(features, null, false, null),
                List.of(LOGITS),
                out -> out.get(LOGITS).dup());
    }

    @Override
    public EvalResult evaluate(INDArray features, INDArray targets) {
        return infer(
                feeds(features, targets, false, null),
                List.of(LOGITS, TASK_LOSS),
                out -> new EvalResult(
                        out.get(TASK_LOSS).getDouble(0), out.get(LOGITS).dup()));
    }

    @Override
    public List<RoutingSnapshot> routing(INDArray features) {
        if (moeLayers.isEmpty()) {
            return List.of();
        }
        return infer(feeds(features, null, false, null), routingOutputs(), this::routingSnapshots);
    }

    @Override
    public void setRoutingBias(int moeLayer, float[] bias) {
        if (moeLayer < 0 || moeLayer >= moeLayers.size()) {
            throw new IllegalArgumentException(
                    "MoE layer " + moeLayer + " does not exist: the network has " + moeLayers.size());
        }
        INDArray current = moeLayers.get(moeLayer).routingBias().getArr();
        if (bias.length != current.length()) {
            throw new IllegalArgumentException(
                    "routing bias of " + bias.length + " values for a layer of " + current.length() + " experts");
        }
        try (INDArray values = Nd4j.createFromArray(bias).reshape(current.shape())) {
            current.assign(values);
        }
    }

    @Override
    public void setRouterNoiseAtInference(boolean on) {
        int found = 0;
        for (SDVariable v : sd.variables()) {
            if (v.name().endsWith(SparseMoeLayer.NOISE_AT_INFERENCE)) {
                v.getArr().assign(on ? 1 : 0);
                found++;
            }
        }
        if (on && found == 0) {
            throw new IllegalStateException("the network was built without router noise (moe.routerNoise 0)");
        }
    }

    @Override
    public RoutedEvaluation evaluateRouted(INDArray features, INDArray targets, long noiseSeed) {
        if (moeLayers.isEmpty()) {
            return new RoutedEvaluation(evaluate(features, targets), List.of());
        }
        randomOps.setStepSeed(noiseSeed);
        List<String> names = new ArrayList<>(List.of(LOGITS, TASK_LOSS));
        names.addAll(routingOutputs());
        return infer(
                feeds(features, targets, false, null),
                names,
                out -> new RoutedEvaluation(
                        new EvalResult(
                                out.get(TASK_LOSS).getDouble(0), out.get(LOGITS).dup()),
                        routingSnapshots(out)));
    }

    /** The outputs {@link #routingSnapshots} reads: each MoE layer's choices, gates and drops. */
    private List<String> routingOutputs() {
        List<String> names = new ArrayList<>();
        for (SparseMoeLayer.Output m : moeLayers) {
            names.add(m.chosen().name());
            names.add(m.gates().name());
            names.add(m.dropped().name());
        }
        return names;
    }

    private List<RoutingSnapshot> routingSnapshots(Map<String, INDArray> out) {
        List<RoutingSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < moeLayers.size(); i++) {
            SparseMoeLayer.Output m = moeLayers.get(i);
            int block = moeBlocks.get(i);
            BackboneLayout.Block layoutBlock = layout.blocks().get(block);
            int tokens = layoutBlock.tokens();
            int classTokens = tokens - layoutBlock.side() * layoutBlock.side(); // a ViT's class token comes first
            int[][] chosen = intRows(out.get(m.chosen().name()));
            float[][] gates = floatRows(out.get(m.gates().name()));
            float[][] droppedValues = floatRows(out.get(m.dropped().name()));
            boolean[][] dropped = new boolean[droppedValues.length][];
            for (int t = 0; t < droppedValues.length; t++) {
                dropped[t] = new boolean[droppedValues[t].length];
                for (int j = 0; j < droppedValues[t].length; j++) {
                    dropped[t][j] = droppedValues[t][j] > 0.5f;
                }
            }
            snapshots.add(new RoutingSnapshot(block, tokens, classTokens, chosen, gates, dropped));
        }
        return snapshots;
    }

    /**
     * The rows of a [T, k] array, read from one contiguous copy. {@code toIntMatrix} reads row by row through a view
     * per row: tens of thousands of short-lived arrays per routing snapshot, which raised resident memory by ~40 MB
     * per call of a tiny model until a garbage collection.
     */
    static int[][] intRows(INDArray array) {
        try (INDArray copy = array.castTo(DataType.INT).dup('c')) {
            int[] flat = copy.data().asInt();
            int rows = (int) copy.size(0);
            int columns = rows == 0 ? 0 : flat.length / rows;
            int[][] out = new int[rows][];
            for (int r = 0; r < rows; r++) {
                out[r] = java.util.Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
            }
            return out;
        }
    }

    static float[][] floatRows(INDArray array) {
        try (INDArray copy = array.castTo(DataType.FLOAT).dup('c')) {
            float[] flat = copy.data().asFloat();
            int rows = (int) copy.size(0);
            int columns = rows == 0 ? 0 : flat.length / rows;
            float[][] out = new float[rows][];
            for (int r = 0; r < rows; r++) {
                out[r] = java.util.Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
            }
            return out;
        }
    }

    @Override
    public INDArray penultimate(INDArray features) {
        return infer(
                feeds(features, null, false, null),
                List.of(PENULTIMATE),
                out -> out.get(PENULTIMATE).dup());
    }

    /**
     * Runs the graph in inference mode with {@link #inferenceArrays} as the session's memory, lets {@code read} copy
     * what it needs from the outputs, then takes every array of the run back (the outputs are invalid afterwards).
     * One run at a time: the pool is not thread-safe, and a session per thread would each keep a pool.
     */
    private synchronized <T> T infer(
            Map<String, INDArray> feeds, List<String> outputs, Function<Map<String, INDArray>, T> read) {
        InferenceSession session = sd.getSessions().get(Thread.currentThread().getId());
        if (session != null && session.getMmgr() != inferenceArrays) {
            session.setMmgr(inferenceArrays); // a session made before (by another call path) on this thread
        }
        try {
            Map<String, INDArray> out = inferenceArrays.use(() -> sd.output(feeds, outputs));
            return read.apply(out);
        } finally {
            inferenceArrays.reclaimAll();
        }
    }

    @Override
    public Map<String, INDArray> headState() {
        Map<String, INDArray> state = new LinkedHashMap<>();
        for (String name : HEAD_PARAMS) {
            state.put(name, sd.getVariable(name).getArr().dup());
            optimizer.state().forEach((key, value) -> {
                if (key.startsWith(name + "#")) {
                    state.put(key, value.dup());
                }
            });
        }
        return state;
    }

    @Override
    public void setHeadState(Map<String, INDArray> state) {
        for (Map.Entry<String, INDArray> e : state.entrySet()) {
            String key = e.getKey();
            String param = key.contains("#") ? key.substring(0, key.indexOf('#')) : key;
            if (!HEAD_PARAMS.contains(param)) {
                throw new IllegalArgumentException("head state entry \"" + key + "\" is not a head parameter "
                        + HEAD_PARAMS + " or its optimiser state");
            }
            INDArray current = sd.getVariable(param).getArr();
            requireShape(key, current, e.getValue());
            if (key.equals(param)) {
                current.assign(e.getValue());
            } else {
                optimizer.putState(key, e.getValue());
            }
        }
    }

    @Override
    public void copyWeightsFrom(Network other) {
        if (!(other instanceof SameDiffNetwork source)
                || !source.groups.keySet().equals(groups.keySet())) {
            throw new IllegalArgumentException("copyWeightsFrom: the source network has a different configuration");
        }
        for (String name : groups.keySet()) {
            INDArray to = sd.getVariable(name).getArr();
            INDArray from = source.sd.getVariable(name).getArr();
            requireShape(name, to, from);
            to.assign(from);
        }
    }

    @Override
    public void save(Path file) throws IOException {
        Map<String, INDArray> params = new LinkedHashMap<>();
        groups.keySet().forEach(name -> params.put(name, sd.getVariable(name).getArr()));
        NetworkCheckpoint.write(file, params, optimizer.state(), optimizer.iteration());
    }

    @Override
    public void load(Path file) throws IOException {
        NetworkCheckpoint checkpoint = NetworkCheckpoint.read(file);
        for (String name : groups.keySet()) {
            INDArray saved = checkpoint.params().get(name);
            if (saved == null) {
                throw new IOException(file + ": no weights for parameter \"" + name
                        + "\"; the checkpoint was written by a network of another configuration");
            }
            INDArray current = sd.getVariable(name).getArr();
            if (!java.util.Arrays.equals(current.shape(), saved.shape())) {
                throw new IOException(file + ": parameter \"" + name + "\" has shape "
                        + java.util.Arrays.toString(saved.shape()) + ", expected "
                        + java.util.Arrays.toString(current.shape()));
            }
            current.assign(saved.castTo(current.dataType()));
        }
        Map<String, INDArray> state = new HashMap<>();
        checkpoint.state().forEach((k, v) -> state.put(k, v.castTo(dtype)));
        optimizer.restore(state, checkpoint.iteration());
    }

    private static void requireShape(String name, INDArray current, INDArray given) {
        if (!java.util.Arrays.equals(current.shape(), given.shape())) {
            throw new IllegalArgumentException("\"" + name + "\" has shape " + java.util.Arrays.toString(given.shape())
                    + ", expected " + java.util.Arrays.toString(current.shape()));
        }
    }

    /** Placeholder values; drop-path masks are drawn from {@code random} in training and are ones otherwise. */
    private Map<String, INDArray> feeds(
            INDArray features, INDArray targets, boolean training, SplittableRandom random) {
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(GraphContext.FEATURES, features.castTo(dtype));
        if (targets != null) {
            feeds.put(GraphContext.TARGETS, targets.castTo(dtype));
        }
        if (hasTrainingFlag) {
            feeds.put(GraphContext.TRAINING, Nd4j.scalar(dtype, training ? 1 : 0));
        }
        long n = features.size(0);
        for (Map.Entry<String, Double> e : dropPath.entrySet()) {
            SDVariable placeholder = sd.getVariable(e.getKey());
            long[] shape = placeholder.placeholderShape().clone();
            shape[0] = n;
            INDArray mask = Nd4j.ones(dtype, shape);
            if (training) {
                double keep = 1 - e.getValue();
                for (int i = 0; i < n; i++) {
                    mask.slice(i).assign(random.nextDouble() < keep ? 1 / keep : 0);
                }
            }
            feeds.put(e.getKey(), mask);
        }
        return feeds;
    }
}
