package org.moeworkbench.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.Stem;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkTrainingTest {
    private static final int SIZE = 16;
    private static final int CLASSES = 3;

    private static Network build(ModelConfig model, MoeConfig moe, long seed, OptimizerSettings opt) {
        return NetworkBuilder.build(model, moe, CLASSES, 3, SIZE, seed, opt);
    }

    private static double[] train(Network net, int steps, double lr) {
        return TinyModels.fitFixedBatch(net, SIZE, steps, lr);
    }

    @Test
    void denseBackbonesLearnATinyFixedBatch() {
        for (ModelConfig model : new ModelConfig[] {
            TinyModels.convnext(),
            TinyModels.convnext().withStem(Stem.CONV),
            TinyModels.isotropic(),
            TinyModels.vit("cls"),
            TinyModels.vit("mean")
        }) {
            double[] losses = train(build(model, MoeConfig.dense(), 3, OptimizerSettings.adamW(0.05)), 25, 3e-3);
            assertTrue(
                    losses[losses.length - 1] < 0.5 * losses[0],
                    model.family() + " " + model.pooling() + ": loss " + losses[0] + " -> "
                            + losses[losses.length - 1]);
        }
    }

    @Test
    void sgdWithMomentumLearnsToo() {
        OptimizerSettings sgd = new OptimizerSettings(Optimizer.SGD, 1e-4, 1e-4, 0.9, 0.999, 0);
        double[] losses = train(build(TinyModels.convnext(), MoeConfig.dense(), 3, sgd), 25, 0.05);
        assertTrue(losses[24] < 0.7 * losses[0], "loss " + losses[0] + " -> " + losses[24]);
    }

    @Test
    void oneSeedRepeatsTheLossesExactlyWithDropPath() {
        OptimizerSettings opt = new OptimizerSettings(Optimizer.ADAMW, 0.05, 0.05, 0.9, 0.999, 0.3);
        double[] a = train(build(TinyModels.convnext(), MoeConfig.dense(), 11, opt), 4, 1e-3);
        double[] b = train(build(TinyModels.convnext(), MoeConfig.dense(), 11, opt), 4, 1e-3);
        double[] c = train(build(TinyModels.convnext(), MoeConfig.dense(), 12, opt), 4, 1e-3);
        assertArrayEquals(a, b, 0.0);
        assertTrue(a[0] != c[0], "another seed gives other weights");
    }

    @Test
    void saveAndLoadContinueIdentically(@TempDir Path dir) throws Exception {
        OptimizerSettings opt = OptimizerSettings.adamW(0.05);
        Network first = build(TinyModels.vit("cls"), MoeConfig.dense(), 5, opt);
        train(first, 2, 1e-3);
        Path file = dir.resolve("net.bin");
        first.save(file);
        double[] continued = train(first, 3, 1e-3);

        Network second = build(TinyModels.vit("cls"), MoeConfig.dense(), 99, opt);
        second.load(file);
        assertArrayEquals(continued, train(second, 3, 1e-3), 0.0);
    }

    @Test
    void inferenceLogitsAgreeWithNd4jHelpersOnAndOff() {
        for (ModelConfig model : new ModelConfig[] {
            TinyModels.convnext(), TinyModels.convnext().withStem(Stem.CONV), TinyModels.vit("cls")
        }) {
            Network net = build(model, MoeConfig.dense(), 7, OptimizerSettings.adamW(0.05));
            train(net, 2, 1e-2);
            INDArray x = TinyModels.images(5, 3, SIZE, 9, DataType.FLOAT);
            INDArray first = net.logits(x).dup();
            INDArray second = net.logits(x).dup(); // oneDNN's xw_plus_b went wrong from the second call
            boolean helpers = Nd4j.getEnvironment().helpersAllowed();
            try {
                Nd4j.getEnvironment().allowHelpers(false);
                INDArray plain = net.logits(x).dup();
                assertTrue(first.equalsWithEps(plain, 1e-4), model.family() + ": " + first + " vs " + plain);
                assertTrue(second.equalsWithEps(plain, 1e-4), model.family() + ": " + second + " vs " + plain);
            } finally {
                Nd4j.getEnvironment().allowHelpers(helpers);
            }
        }
    }

    /**
     * Training in float32 goes through oneDNN's conv kernels; the float64 gradient check does not. The padded stride-2
     * conv of the convolutional stem is new to the engine, so its training steps are checked against ND4J's own
     * kernels (helpers off) from the same seed.
     */
    @Test
    void convStemTrainingStepsAgreeWithNd4jHelpersOnAndOff() {
        ModelConfig model = TinyModels.convnext().withStem(Stem.CONV);
        double[] withHelpers = train(build(model, MoeConfig.dense(), 5, OptimizerSettings.adamW(0.05)), 4, 3e-3);
        boolean helpers = Nd4j.getEnvironment().helpersAllowed();
        double[] plain;
        try {
            Nd4j.getEnvironment().allowHelpers(false);
            plain = train(build(model, MoeConfig.dense(), 5, OptimizerSettings.adamW(0.05)), 4, 3e-3);
        } finally {
            Nd4j.getEnvironment().allowHelpers(helpers);
        }
        assertArrayEquals(plain, withHelpers, 1e-4);
        assertTrue(withHelpers[3] < withHelpers[0], "loss " + withHelpers[0] + " -> " + withHelpers[3]);
    }

    @Test
    void penultimateAndHeadStateHaveTheHeadShapes() {
        Network net = build(TinyModels.convnext(), MoeConfig.dense(), 7, OptimizerSettings.adamW(0.05));
        train(net, 1, 1e-3);
        assertArrayEquals(
                new long[] {4, 16},
                net.penultimate(TinyModels.images(4, 3, SIZE, 1, DataType.FLOAT))
                        .shape());
        var state = net.headState();
        assertArrayEquals(new long[] {16, CLASSES}, state.get("head_w").shape());
        assertTrue(
                state.containsKey("head_w#m") && state.containsKey("head_b#v"),
                state.keySet().toString());
        Network other = build(TinyModels.convnext(), MoeConfig.dense(), 8, OptimizerSettings.adamW(0.05));
        other.setHeadState(state);
        assertEquals(state.get("head_w"), other.headState().get("head_w"));
        other.copyWeightsFrom(net);
        INDArray x = TinyModels.images(2, 3, SIZE, 3, DataType.FLOAT);
        assertTrue(net.logits(x).equalsWithEps(other.logits(x), 0));
    }
}
