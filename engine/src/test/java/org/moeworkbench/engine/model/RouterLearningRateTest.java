package org.moeworkbench.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.config.Optimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RouterLearningRateTest {

    /** Plain SGD (no momentum, no decay): each parameter moves by its learning rate times its gradient. */
    @Test
    void onlyRouterParametersMoveByTheScaledRate() {
        OptimizerSettings sgd = new OptimizerSettings(Optimizer.SGD, 0, 0, 0, 0.999, 0, 50);
        ParamOptimizer optimizer = new ParamOptimizer(
                sgd, Map.of("router/w", ParamGroup.DECAYED, "fc/w", ParamGroup.DECAYED), Set.of("router/w"));
        INDArray router = Nd4j.zeros(DataType.DOUBLE, 2);
        INDArray other = Nd4j.zeros(DataType.DOUBLE, 2);

        optimizer.apply(
                Map.of("router/w", router, "fc/w", other),
                Map.of("router/w", Nd4j.ones(DataType.DOUBLE, 2), "fc/w", Nd4j.ones(DataType.DOUBLE, 2)),
                0.01);

        assertEquals(-0.5, router.getDouble(0), 1e-12, "0.01 x 50");
        assertEquals(-0.01, other.getDouble(0), 1e-12);
    }
}
