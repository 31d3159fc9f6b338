package org.moeworkbench.engine.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.moeworkbench.engine.moe.InitScale;
import org.moeworkbench.engine.moe.SparseMoeLayer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The graph under construction: the SameDiff instance, its trainable parameters with their optimiser
 * group, the drop-path placeholders and the MoE layers. Initialisation is seeded and independent of ND4J's
 * global random state, so one seed gives the same weights on every run.
 */
final class GraphContext {
    static final String FEATURES = "features";
    static final String TARGETS = "targets";
    static final String TRAINING = "training";

    /** NHWC conv k x k with stride k and no padding: a stem, patch embedding or downsampling. */
    static Conv2DConfig patchify(int k) {
        return Conv2DConfig.builder().kH(k).kW(k).sH(k).sW(k).dataFormat("NHWC").build();
    }

    /** NHWC conv k x k with stride 1 and "same" padding k / 2 (k odd). */
    static Conv2DConfig samePadded(int k) {
        return Conv2DConfig.builder()
                .kH(k)
                .kW(k)
                .sH(1)
                .sW(1)
                .pH(k / 2)
                .pW(k / 2)
                .dataFormat("NHWC")
                .build();
    }

    /** NHWC conv k x k with the given stride and zero padding on every side (the convolutional stem's second conv). */
    static Conv2DConfig strided(int k, int stride, int padding) {
        return Conv2DConfig.builder()
                .kH(k)
                .kW(k)
                .sH(stride)
                .sW(stride)
                .pH(padding)
                .pW(padding)
                .dataFormat("NHWC")
                .build();
    }

    final SameDiff sd;
    final DataType dtype;
    final long seed;
    final MoeLayerFactory moeFactory;
    final Map<String, ParamGroup> params = new LinkedHashMap<>();
    /** Drop-path placeholder name to its drop probability, in block order. */
    final Map<String, Double> dropPath = new LinkedHashMap<>();

    final List<SparseMoeLayer.Output> moeLayers = new ArrayList<>();
    final List<Integer> moeLayerBlocks = new ArrayList<>();
    /** Names of the routers' trainable variables (their learning rate may be scaled). */
    final java.util.Set<String> routerParams = new java.util.HashSet<>();

    SDVariable training;
    private final SplittableRandom random;

    GraphContext(SameDiff sd, DataType dtype, long seed, MoeLayerFactory moeFactory) {
        this.sd = sd;
        this.dtype = dtype;
        this.seed = seed;
        this.moeFactory = moeFactory;
        this.random = new SplittableRandom(seed);
    }

    /**
     * A weight drawn from a normal distribution truncated at 2 std, with the std {@link InitScale#std} gives for
     * its fan-in (the papers' 0.02 at ImageNet widths, larger for narrow CPU-sized models).
     */
    SDVariable weight(String name, long fanIn, long... shape) {
        return param(name, truncatedNormal(InitScale.std(fanIn), shape), ParamGroup.DECAYED);
    }

    private INDArray truncatedNormal(double std, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            double g;
            do {
                g = gaussian();
            } while (Math.abs(g) > 2);
            values[i] = g * std;
        }
        return Nd4j.create(values, shape, dtype);
    }

    /** A parameter filled with one value (biases 0, norm gains 1, layer scale). */
    SDVariable constant(String name, double value, ParamGroup group, long... shape) {
        return param(name, Nd4j.valueArrayOf(shape, value, dtype), group);
    }

    /** A normal-initialised parameter that is not decayed (class token, position embedding). */
    SDVariable embedding(String name, long... shape) {
        return param(name, truncatedNormal(InitScale.PAPER_STD, shape), ParamGroup.NOT_DECAYED);
    }

    private SDVariable param(String name, INDArray value, ParamGroup group) {
        SDVariable v = sd.var(name, value);
        params.put(name, group);
        return v;
    }

    /** A fresh seed for a sub-builder (the MoE layer) drawn from this graph's seed. */
    long nextSeed() {
        return random.nextLong();
    }

    private double gaussian() { // Box-Muller on the seeded generator
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** x [rows, in] times w [in, out] plus b: not {@code sd.nn().linear}, which oneDNN breaks in inference. */
    SDVariable linear(String name, SDVariable x, long in, long out) {
        return linear(name, x, in, out, null);
    }

    /** As {@link #linear(String, SDVariable, long, long)}, the output scaled per column by {@code scale} [out]. */
    SDVariable linear(String name, SDVariable x, long in, long out, SDVariable scale) {
        SDVariable w = weight(name + "_w", in, in, out);
        SDVariable b = constant(name + "_b", 0, ParamGroup.NOT_DECAYED, out);
        return scale == null ? x.mmul(w).add(b) : x.mmul(w.mul(scale)).add(b.mul(scale)); // scale may be null
    }

    /** The epsilon under LayerNorm's square root (ConvNeXt and ViT; the PyTorch twin uses the same). */
    static final double LAYER_NORM_EPSILON = 1e-6;

    /**
     * LayerNorm over the last axis of a 2-D [rows, dim] input: (x - mean) / sqrt(var + eps) * gain + bias.
     *
     * <p>Built from matmuls and same-shape elementwise ops rather than ND4J's {@code layer_norm} op: row means
     * are x [rows, dim] times a [dim, 1] column of 1/dim, and [rows, 1] columns go back to [rows, dim] through a
     * matmul with a [1, dim] row (of ones, or of the gains, which also applies the gain). No broadcast multiply
     * and no per-row reduction is left, and those are what make {@code layer_norm_bp} slow in libnd4j with
     * many short rows: forward + backward at 32768 x 40 (the first ConvNeXt stage) 26 ms against 58-77 ms.
     */
    SDVariable layerNorm(String name, SDVariable x, long dim) {
        SDVariable gain = constant(name + "_g", 1, ParamGroup.NOT_DECAYED, dim);
        SDVariable bias = constant(name + "_b", 0, ParamGroup.NOT_DECAYED, dim);
        SDVariable average = sd.constant(name + "_avg", Nd4j.valueArrayOf(new long[] {dim, 1}, 1.0 / dim, dtype));
        SDVariable ones = sd.constant(name + "_ones", Nd4j.ones(dtype, 1, dim));
        SDVariable centred = x.sub(x.mmul(average).mmul(ones));
        SDVariable inverseStd =
                sd.math().rsqrt(centred.mul(centred).mmul(average).add(LAYER_NORM_EPSILON));
        return centred.mul(inverseStd.mmul(sd.reshape(gain, 1, dim))).add(name, bias);
    }

    /**
     * Stochastic depth on a residual branch shaped [N, ...]: multiplies by a per-sample placeholder mask
     * (0, or 1/(1-p)) that the network fills from its seeded generator in training and with ones otherwise.
     */
    SDVariable dropPath(String name, SDVariable branch, double probability, int rank) {
        if (probability <= 0) {
            return branch;
        }
        long[] shape = new long[rank];
        shape[0] = -1;
        for (int i = 1; i < rank; i++) {
            shape[i] = 1;
        }
        SDVariable mask = sd.placeHolder(name, dtype, shape);
        dropPath.put(name, probability);
        return branch.mul(mask);
    }

    /** The scalar training flag (1 in training, 0 in inference), created on first use. */
    SDVariable trainingFlag() {
        if (training == null) {
            training = sd.placeHolder(TRAINING, dtype);
        }
        return training;
    }

    /**
     * The MLP of a block or, where the layout says so, an MoE layer over the same tokens [T, dim], its output
     * scaled per channel by {@code layerScale} [dim] if that is not null (ConvNeXt's layer scale). In the MLP
     * the scale multiplies fc2's weight and bias, not the output: gamma (h W2 + b2) == h (W2 gamma) + b2 gamma, and
     * a broadcast multiply on the [hidden, dim] weight is far cheaper than on the [T, dim] activations, whose
     * backward (a column sum over all tokens) was 10% of a ConvNeXt training step.
     */
    SDVariable mlpOrMoe(
            String name, SDVariable tokens, BackboneLayout.Block block, BackboneLayout layout, SDVariable layerScale) {
        int d = block.dim();
        if (!block.moe()) {
            SDVariable h = sd.nn().gelu(linear(name + "_fc1", tokens, d, block.hidden()));
            return linear(name + "_fc2", h, block.hidden(), d, layerScale);
        }
        java.util.Set<String> before = new java.util.HashSet<>(sd.variableMap().keySet());
        SparseMoeLayer.Output moe = moeFactory.build(
                sd, name + "_moe", tokens, d, layout.moe(), block.hidden(), trainingFlag(), nextSeed());
        java.util.Set<String> experts = new java.util.HashSet<>();
        moe.expertWeights().forEach(e -> experts.add(e.name()));
        moe.routerWeights().forEach(r -> routerParams.add(r.name()));
        for (SDVariable v : sd.variables()) { // the layer's own trainable variables, in a stable order
            if (!before.contains(v.name()) && v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                long[] shape = v.getArr().shape();
                boolean vector = shape.length < 2 || v.getArr().length() == Math.max(shape[0], shape[shape.length - 1]);
                params.put(
                        v.name(),
                        vector
                                ? ParamGroup.NOT_DECAYED
                                : experts.contains(v.name()) ? ParamGroup.EXPERT : ParamGroup.DECAYED);
            }
        }
        moeLayers.add(moe);
        moeLayerBlocks.add(block.index());
        return layerScale == null ? moe.output() : moe.output().mul(layerScale);
    }
}
