package org.moeworkbench.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The engine's LayerNorm (built from matmuls, see {@link GraphContext#layerNorm}) against its definition. */
class LayerNormTest {
    @Test
    void layerNormMatchesItsDefinition() {
        GraphContext g = new GraphContext(org.nd4j.autodiff.samediff.SameDiff.create(), DataType.DOUBLE, 1, null);
        INDArray input = Nd4j.rand(DataType.DOUBLE, 6, 5).muli(4).subi(1);
        var x = g.sd.constant("x", input);
        var out = g.layerNorm("ln", x, 5);
        g.sd.getVariable("ln_g").getArr().assign(Nd4j.createFromArray(0.5, 1.0, 1.5, 2.0, -1.0));
        g.sd.getVariable("ln_b").getArr().assign(Nd4j.createFromArray(0.1, 0.2, 0.3, 0.4, 0.5));
        double[][] actual = out.eval().toDoubleMatrix();
        double[] gain = {0.5, 1.0, 1.5, 2.0, -1.0};
        double[] bias = {0.1, 0.2, 0.3, 0.4, 0.5};
        for (int r = 0; r < 6; r++) {
            double mean = 0;
            for (int c = 0; c < 5; c++) {
                mean += input.getDouble(r, c) / 5;
            }
            double var = 0;
            for (int c = 0; c < 5; c++) {
                var += Math.pow(input.getDouble(r, c) - mean, 2) / 5;
            }
            for (int c = 0; c < 5; c++) {
                double expected =
                        (input.getDouble(r, c) - mean) / Math.sqrt(var + GraphContext.LAYER_NORM_EPSILON) * gain[c]
                                + bias[c];
                assertEquals(expected, actual[r][c], 1e-12, "row " + r + " column " + c);
            }
        }
    }
}
