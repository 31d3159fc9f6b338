package org.moeworkbench.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The depthwise conv of the trunk (a batched matmul on small maps) against libnd4j's 7x7 depthwise op. */
class DepthwiseSmallMapTest {

    /** Output and the gradients of sum(y * r) for x, the kernel and the bias, in that order. */
    private static List<INDArray> run(int side, boolean trunkForm) {
        int channels = 3;
        SameDiff sd = SameDiff.create();
        Nd4j.getRandom().setSeed(side);
        SDVariable x = sd.var("x", Nd4j.randn(DataType.DOUBLE, 2, side, side, channels));
        SDVariable w = sd.var("w", Nd4j.randn(DataType.DOUBLE, 7, 7, channels, 1));
        SDVariable b = sd.var("b", Nd4j.randn(DataType.DOUBLE, channels));
        SDVariable r = sd.constant("r", Nd4j.randn(DataType.DOUBLE, 2, side, side, channels));
        SDVariable y = trunkForm
                ? ConvNextTrunk.depthwise(new GraphContext(sd, DataType.DOUBLE, 1, null), x, w, b, 7, channels, side)
                : sd.cnn().depthWiseConv2d(x, w, b, GraphContext.samePadded(7));
        y = sd.identity("y", y);
        sd.setLossVariables(y.mul(r).sum().rename("loss"));
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(), "x", "w", "b");
        INDArray out = sd.output(Map.of(), "y").get("y");
        return List.of(out, grads.get("x"), grads.get("w"), grads.get("b"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void theTrunksDepthwiseGivesTheConvOpsValuesAndGradients(int side) {
        List<INDArray> full = run(side, false);
        List<INDArray> trunk = run(side, true);
        String[] what = {"output", "gradient of x", "gradient of the kernel", "gradient of the bias"};
        for (int i = 0; i < what.length; i++) {
            assertEquals(
                    0, full.get(i).sub(trunk.get(i)).norm1Number().doubleValue(), 1e-9, what[i] + " at side " + side);
            assertEquals(full.get(i).shapeInfoToString(), trunk.get(i).shapeInfoToString(), what[i] + " shape");
        }
        if (side == 2) {
            INDArray outer = trunk.get(2).slice(0); // tap row 0 never meets data on a 2x2 map
            assertEquals(0, outer.norm1Number().doubleValue(), 0.0);
        }
    }
}
