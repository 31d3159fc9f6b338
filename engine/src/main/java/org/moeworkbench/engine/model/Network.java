package org.moeworkbench.engine.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.moeworkbench.engine.layout.ModelSummary;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A built model (ConvNeXt or ViT, dense or with sparse MoE layers) with its optimiser state.
 * Made by {@code NetworkBuilder}; used by the trainer, the benchmark and the analysis.
 * Not thread-safe: one thread drives a network at a time.
 */
public interface Network {

    /** Params, active params, FLOPs and the per-block table. */
    ModelSummary summary();

    /**
     * One optimisation step on a batch.
     *
     * @param features images, float32 [N, C, H, W], already normalised
     * @param targets  float32 [N, classes]: one-hot (or smoothed / mixed) class or tag distribution
     * @param learningRate the learning rate for this step (the trainer owns the schedule)
     */
    StepResult trainStep(INDArray features, INDArray targets, double learningRate);

    /**
     * Frees the memory kept to make the next training step fast (a step's worth of activations and gradients).
     * Call it when a network stays alive after its training, as the experts of a hard MoE do; a later
     * {@link #trainStep} still works and allocates again.
     */
    /**
     * Runs {@code work} (evaluations) with the output of every MoE layer switched off: each block keeps its residual
     * and its MoE branch adds zero. Shows how much of what the model does passes through its experts. A network
     * without MoE layers just runs {@code work}.
     */
    default <T> T withMoeSilenced(java.util.function.Supplier<T> work) {
        return work.get();
    }

    default void releaseTrainingMemory() {}

    /** Logits [N, classes] in inference mode (no drop path, no router noise, no capacity drop order change). */
    INDArray logits(INDArray features);

    /** Mean loss (task loss only) and logits in inference mode, for evaluation. */
    EvalResult evaluate(INDArray features, INDArray targets);

    /** Per MoE layer, which experts each token chose and with which gates (inference mode). */
    List<RoutingSnapshot> routing(INDArray features);

    /**
     * Sets the constant added to MoE layer {@code moeLayer}'s router scores (in block order) before the softmax, one
     * value per expert: 0 leaves routing alone, a large negative value removes an expert, a large positive one pins
     * every token's first choice to it. What-if evaluation only; training never changes it.
     */
    default void setRoutingBias(int moeLayer, float[] bias) {
        throw new UnsupportedOperationException("this network has no MoE layers to re-route");
    }

    /** Router noise (of std {@code moe.routerNoise}) in inference mode too: what-if evaluation only. */
    default void setRouterNoiseAtInference(boolean on) {
        if (on) {
            throw new UnsupportedOperationException("this network has no router noise to turn on");
        }
    }

    /**
     * Loss, logits and routing of one batch in one inference pass; {@code noiseSeed} seeds router noise when it is on
     * at inference.
     */
    default RoutedEvaluation evaluateRouted(INDArray features, INDArray targets, long noiseSeed) {
        return new RoutedEvaluation(evaluate(features, targets), routing(features));
    }

    /** {@link #evaluateRouted}'s result. */
    record RoutedEvaluation(EvalResult eval, List<RoutingSnapshot> routing) {}

    /** Penultimate features [N, F] (pooled, after the head norm), inference mode: the hard-MoE gater input. */
    INDArray penultimate(INDArray features);

    /** Copies of the classifier head's weights and optimiser state, by name (hard MoE shared decoder). */
    Map<String, INDArray> headState();

    /** Replaces the head's weights and optimiser state (same names and shapes as {@link #headState()}). */
    void setHeadState(Map<String, INDArray> state);

    /** Copies every weight from a network of the same config (hard-MoE experts start from the trunk). */
    void copyWeightsFrom(Network other);

    /** All weights and optimiser state, so a resumed run continues exactly. */
    void save(Path file) throws IOException;

    /** Restores what {@link #save} wrote into this (identically configured) network. */
    void load(Path file) throws IOException;

    /** Losses of one step, read back from the graph. */
    /**
     * @param expertLoad per MoE layer, the share of the step's assignments each expert was chosen for
     * @param health     per MoE layer, the step's routing health (load statistics, gate entropy, drops, logits)
     */
    record StepResult(
            double loss,
            double taskLoss,
            double auxLoss,
            List<double[]> expertLoad,
            List<org.moeworkbench.engine.moe.RoutingHealth> health) {
        public StepResult {
            health = health == null ? List.of() : List.copyOf(health);
        }
    }

    /** Inference-mode loss and logits of a batch. */
    record EvalResult(double loss, INDArray logits) {}

    /**
     * Routing of one MoE layer for a batch.
     *
     * @param block          global block index of the layer
     * @param tokensPerImage tokens per image in this layer (H*W for ConvNeXt, patches for ViT, class token included)
     * @param classTokens    the first tokens of each image that are class tokens, not patches (ViT with class-token
     *                       pooling: 1; else 0)
     * @param experts        [N * tokensPerImage][k]: chosen experts, first choice first
     * @param gates          [N * tokensPerImage][k]: gate values of the chosen experts
     * @param dropped        [N * tokensPerImage][k]: true where capacity dropped that assignment
     */
    record RoutingSnapshot(
            int block, int tokensPerImage, int classTokens, int[][] experts, float[][] gates, boolean[][] dropped) {}
}
