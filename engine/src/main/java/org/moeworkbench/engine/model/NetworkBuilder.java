package org.moeworkbench.engine.model;

import java.io.OutputStream;
import java.io.PrintStream;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds a {@link Network}: ConvNeXt (hierarchical or isotropic) or ViT with sparse MoE layers where the
 * placement says, a head (pool -> LayerNorm -> Linear), and the loss: softmax cross-entropy against the
 * target distribution plus {@code moe.balanceWeight} times the sum of the MoE layers' auxiliary losses.
 */
public final class NetworkBuilder {
    static {
        ArrayPool.install();
    }

    private NetworkBuilder() {}

    /** A float32 network with the engine's MoE layer. */
    public static Network build(
            ModelConfig model,
            MoeConfig moe,
            int classes,
            int channels,
            int imageSize,
            long seed,
            OptimizerSettings optimizer) {
        return build(
                BackboneLayout.of(model, moe, classes, channels, imageSize),
                seed,
                optimizer,
                DataType.FLOAT,
                MoeLayerFactory.STANDARD);
    }

    /**
     * The general form (tests use float64 for gradient checks).
     *
     * @param seed one seed fixes the initial weights, the drop-path masks and the router noise of every step
     */
    public static Network build(
            BackboneLayout layout, long seed, OptimizerSettings optimizer, DataType dtype, MoeLayerFactory moeFactory) {
        GraphContext g = buildGraph(layout, seed, optimizer.dropPath(), dtype, moeFactory);
        ArrayPool trainingArrays = new ArrayPool(ArrayPool.DEFAULT_BUDGET_BYTES, true);
        trainingArrays.use(() -> {
            createGradFunctionQuietly(g.sd);
            return null;
        });
        return new SameDiffNetwork(g, layout, optimizer, trainingArrays);
    }

    /** The graph with its loss, without gradient function or optimiser. */
    static GraphContext buildGraph(
            BackboneLayout layout, long seed, double dropPath, DataType dtype, MoeLayerFactory moeFactory) {
        SameDiff sd = SameDiff.create();
        GraphContext g = new GraphContext(sd, dtype, seed, moeFactory);
        int size = layout.imageSize();
        SDVariable features = sd.placeHolder(GraphContext.FEATURES, dtype, -1, layout.channels(), size, size);
        SDVariable targets = sd.placeHolder(GraphContext.TARGETS, dtype, -1, layout.classes());
        SDVariable images = features.permute(0, 2, 3, 1); // NCHW in, channels-last inside

        SDVariable pooled = layout.model().family() == Family.VIT
                ? VitTrunk.build(g, layout, images, dropPath)
                : ConvNextTrunk.build(g, layout, images, dropPath).mean(1, 2);
        int headDim = layout.headDim();
        SDVariable penultimate = g.layerNorm("head_norm", pooled, headDim);
        SDVariable logits = g.linear("head", penultimate, headDim, layout.classes());
        sd.updateVariableNameAndReference(penultimate, SameDiffNetwork.PENULTIMATE);
        sd.updateVariableNameAndReference(logits, SameDiffNetwork.LOGITS);

        SDVariable taskLoss = sd.loss()
                .softmaxCrossEntropy(
                        SameDiffNetwork.TASK_LOSS, targets, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        SDVariable loss;
        if (g.moeLayers.isEmpty()) {
            loss = taskLoss.add(SameDiffNetwork.LOSS, 0.0);
        } else {
            SDVariable aux = g.moeLayers.get(0).auxLoss();
            for (int i = 1; i < g.moeLayers.size(); i++) {
                aux = aux.add(g.moeLayers.get(i).auxLoss());
            }
            aux = aux.add(SameDiffNetwork.AUX_LOSS, 0.0);
            loss = taskLoss.add(SameDiffNetwork.LOSS, aux.mul(layout.moe().balanceWeight()));
        }
        sd.setLossVariables(loss);
        return g;
    }

    /** SameDiff prints a line per differentiated op on System.out; build the gradient function once, muted. */
    static void createGradFunctionQuietly(SameDiff sd) {
        PrintStream out = System.out;
        synchronized (System.class) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(out);
            }
        }
    }
}
