package org.moeworkbench.engine.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    static final double INIT_STD = 0.02;

    final SameDiff sd;
    final DataType dtype;
    final long seed;
    final MoeLayerFactory moeFactory;
    final Map<String, ParamGroup> params = new LinkedHashMap<>();
    /** Drop-path placeholder name to its drop probability, in block order. */
    final Map<String, Double> dropPath = new LinkedHashMap<>();
    final List<MoeLayerVars> moeLayers = new ArrayList<>();
    final List<Integer> moeLayerBlocks = new ArrayList<>();
    SDVariable training;
    private final SplittableRandom random;

    GraphContext(SameDiff sd, DataType dtype, long seed, MoeLayerFactory moeFactory) {
        this.sd = sd;
        this.dtype = dtype;
        this.seed = seed;
        this.moeFactory = moeFactory;
        this.random = new SplittableRandom(seed);
    }

    /** A weight drawn from a normal distribution with std 0.02 truncated at 2 std (ConvNeXt / ViT recipe). */
    SDVariable weight(String name, long... shape) {
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
            values[i] = g * INIT_STD;
        }
        return param(name, Nd4j.create(values, shape, dtype), ParamGroup.DECAYED);
    }

    /** A parameter filled with one value (biases 0, norm gains 1, layer scale). */
    SDVariable constant(String name, double value, ParamGroup group, long... shape) {
        return param(name, Nd4j.valueArrayOf(shape, value, dtype), group);
    }

    /** A normal-initialised parameter that is not decayed (class token, position embedding). */
    SDVariable embedding(String name, long... shape) {
        SDVariable v = weight(name, shape);
        params.put(name, ParamGroup.NOT_DECAYED);
        return v;
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
        SDVariable w = weight(name + "_w", in, out);
        SDVariable b = constant(name + "_b", 0, ParamGroup.NOT_DECAYED, out);
        return x.mmul(w).add(b);
    }

    /** LayerNorm over the last axis of a 2-D [rows, dim] input. */
    SDVariable layerNorm(String name, SDVariable x, long dim) {
        SDVariable gain = constant(name + "_g", 1, ParamGroup.NOT_DECAYED, dim);
        SDVariable bias = constant(name + "_b", 0, ParamGroup.NOT_DECAYED, dim);
        return sd.nn().layerNorm(name, x, gain, bias, false, 1);
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

    /** The MLP of a block or, where the layout says so, an MoE layer over the same tokens [T, dim]. */
    SDVariable mlpOrMoe(String name, SDVariable tokens, BackboneLayout.Block block, BackboneLayout layout) {
        int d = block.dim();
        if (!block.moe()) {
            SDVariable h = sd.nn().gelu(linear(name + "_fc1", tokens, d, block.hidden()));
            return linear(name + "_fc2", h, block.hidden(), d);
        }
        int before = sd.variables().size();
        MoeLayerVars moe = moeFactory.build(sd, name + "_moe", tokens, d, layout.moe(), block.hidden(),
                trainingFlag(), nextSeed());
        for (SDVariable v : sd.variables().subList(before, sd.variables().size())) {
            if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                boolean expert = moe.expertWeights().stream().anyMatch(e -> e.name().equals(v.name()));
                params.put(v.name(), v.getShape() != null && v.getShape().length < 2 ? ParamGroup.NOT_DECAYED
                        : expert ? ParamGroup.EXPERT : ParamGroup.DECAYED);
            }
        }
        moeLayers.add(moe);
        moeLayerBlocks.add(block.index());
        return moe.output();
    }
}
