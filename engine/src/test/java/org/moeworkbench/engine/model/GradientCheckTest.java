package org.moeworkbench.engine.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Pooling;
import org.moeworkbench.engine.config.Stem;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference gradient checks in float64 of whole tiny networks, so that every op the dense backbones use
 * is covered: conv2d (stem, padded strided stem conv, downsampling, patch embedding), depthwise conv2d, layer norm, gelu, matmul (2-D and
 * batched with transpose), softmax, permute / reshape, mean pooling, concat and strided slice (class token),
 * broadcast multiply (layer scale, drop path masks) and softmax cross-entropy against a soft target.
 */
@ExtendWith(Float64Defaults.class)
class GradientCheckTest {
    private static final int SIZE = 8;
    private static final int CLASSES = 3;

    private static boolean check(ModelConfig model, double dropPath) {
        BackboneLayout layout = BackboneLayout.of(model, MoeConfig.dense(), CLASSES, 2, SIZE);
        GraphContext g = NetworkBuilder.buildGraph(layout, 4, dropPath, DataType.DOUBLE, (sd, n, t, d, c, h, tr, s) -> {
            throw new AssertionError("dense");
        });
        // layer scale 1e-6 would hide the block branches from the check: use 0.5
        g.params.forEach((name, group) -> {
            if (name.endsWith("_gamma")) {
                g.sd.getVariable(name).getArr().assign(0.5);
            }
        });
        Map<String, INDArray> feeds = new HashMap<>();
        feeds.put(GraphContext.FEATURES, TinyModels.images(3, 2, SIZE, 5, DataType.DOUBLE));
        INDArray soft = Nd4j.rand(DataType.DOUBLE, 3, CLASSES).addi(0.1);
        feeds.put(GraphContext.TARGETS, soft.diviColumnVector(soft.sum(1)));
        for (String mask : g.dropPath.keySet()) {
            SDVariable placeholder = g.sd.getVariable(mask);
            long[] shape = placeholder.placeholderShape().clone();
            shape[0] = 3;
            INDArray values = Nd4j.ones(DataType.DOUBLE, shape);
            values.slice(1).assign(0); // one sample dropped, the others scaled
            values.slice(0).assign(1.25);
            feeds.put(mask, values);
        }
        NetworkBuilder.createGradFunctionQuietly(g.sd);
        List<String> bad = FiniteDifferences.mismatches(g.sd, feeds, SameDiffNetwork.LOSS, g.params.keySet(), 4, 1e-4);
        assertTrue(bad.isEmpty(), bad.toString());
        return true;
    }

    @Test
    void hierarchicalConvNextBlockGradientsMatchFiniteDifferences() {
        ModelConfig model = ModelConfig.convnext(List.of(1, 1, 1, 1), List.of(4, 6, 6, 4), 1, 2.0, 3, 1e-6);
        assertTrue(check(model, 0.2));
    }

    @Test
    void convolutionalStemGradientsMatchFiniteDifferences() { // 3x3 conv, LN, GELU, padded 3x3 stride-2 conv
        ModelConfig model = new ModelConfig(
                        "custom", Family.CONVNEXT_ISOTROPIC, List.of(1), List.of(6), 2, 0, 2.0, 3, Pooling.MEAN, 1e-6)
                .withStem(Stem.CONV);
        assertTrue(check(model, 0));
    }

    @Test
    void isotropicConvNextGradientsMatchFiniteDifferences() {
        ModelConfig model = new ModelConfig(
                "custom", Family.CONVNEXT_ISOTROPIC, List.of(2), List.of(6), 2, 0, 2.0, 3, Pooling.MEAN, 1e-6);
        assertTrue(check(model, 0));
    }

    @Test
    void vitBlockWithClassTokenGradientsMatchFiniteDifferences() {
        ModelConfig model = new ModelConfig("custom", Family.VIT, List.of(2), List.of(6), 4, 2, 2.0, 0, Pooling.CLS, 0);
        assertTrue(check(model, 0.2));
    }

    @Test
    void vitWithMeanPoolingGradientsMatchFiniteDifferences() {
        ModelConfig model =
                new ModelConfig("custom", Family.VIT, List.of(1), List.of(4), 4, 2, 2.0, 0, Pooling.MEAN, 0);
        assertTrue(check(model, 0));
    }
}
