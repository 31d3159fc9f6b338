package org.moeworkbench.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.moeworkbench.engine.config.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * AdamW (Loshchilov and Hutter) or SGD with momentum over SameDiff gradients, updating the parameter arrays
 * in place. Weight decay is decoupled (p *= 1 - lr * wd before the update, as PyTorch's AdamW) and depends on
 * the parameter's {@link ParamGroup}. Adam's moment update is ND4J's native {@code adam_updater} op, one call
 * per parameter.
 */
final class ParamOptimizer {
    private static final double ADAM_EPSILON = 1e-8;

    private final OptimizerSettings settings;
    private final Map<String, ParamGroup> groups;
    /** Per parameter: Adam first and second moments, or the SGD momentum buffer; keys "name#m", "name#v", "name#buf". */
    private final Map<String, INDArray> state = new LinkedHashMap<>();

    private int iteration;

    /** Router parameters: their learning rate is scaled by {@code settings.routerLearningRateScale()}. */
    private final java.util.Set<String> routerParams;

    ParamOptimizer(OptimizerSettings settings, Map<String, ParamGroup> groups) {
        this(settings, groups, java.util.Set.of());
    }

    ParamOptimizer(OptimizerSettings settings, Map<String, ParamGroup> groups, java.util.Set<String> routerParams) {
        this.settings = settings;
        this.groups = Map.copyOf(groups);
        this.routerParams = java.util.Set.copyOf(routerParams);
    }

    /**
     * Applies one step: params and gradients by parameter name. Parameters without a gradient are left alone.
     * The gradient arrays are used as scratch space (AdamW overwrites them with the update).
     */
    void apply(Map<String, INDArray> params, Map<String, INDArray> gradients, double stepLearningRate) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray gradient = gradients.get(e.getKey());
            if (gradient == null) {
                continue;
            }
            double learningRate = routerParams.contains(e.getKey())
                    ? stepLearningRate * settings.routerLearningRateScale()
                    : stepLearningRate;
            INDArray param = e.getValue();
            double decay = switch (groups.get(e.getKey())) {
                case DECAYED -> settings.weightDecay();
                case EXPERT -> settings.expertWeightDecay();
                case NOT_DECAYED -> 0;
            };
            if (decay > 0) {
                param.muli(1 - learningRate * decay);
            }
            if (settings.optimizer() == Optimizer.ADAMW) {
                INDArray m = state.computeIfAbsent(e.getKey() + "#m", k -> Nd4j.zeros(param.dataType(), param.shape()));
                INDArray v = state.computeIfAbsent(e.getKey() + "#v", k -> Nd4j.zeros(param.dataType(), param.shape()));
                // the op writes the update (lr included) over the gradient, which is the caller's to give up
                Nd4j.exec(new AdamUpdater(
                        gradient, v, m, learningRate, settings.momentum(), settings.beta2(), ADAM_EPSILON, iteration));
                param.subi(gradient);
            } else {
                INDArray buffer =
                        state.computeIfAbsent(e.getKey() + "#buf", k -> Nd4j.zeros(param.dataType(), param.shape()));
                buffer.muli(settings.momentum()).addi(gradient);
                param.subi(buffer.mul(learningRate));
            }
        }
        iteration++;
    }

    int iteration() {
        return iteration;
    }

    /** The optimiser state arrays (live, not copies) by key. */
    Map<String, INDArray> state() {
        return state;
    }

    /** Replaces the state (arrays are copied) and the iteration count. */
    void restore(Map<String, INDArray> saved, int savedIteration) {
        state.clear();
        saved.forEach((k, v) -> state.put(k, v.dup()));
        iteration = savedIteration;
    }

    /** Sets or replaces the state of some keys (arrays are copied). */
    void putState(String key, INDArray value) {
        state.put(key, value.dup());
    }
}
