package org.moeworkbench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CosineScheduleTest {

    @Test
    void warmsUpLinearlyThenFollowsHalfACosineToZero() {
        CosineSchedule s = new CosineSchedule(1.0, 4, 14);
        assertEquals(0.25, s.rate(0), 1e-12);
        assertEquals(0.5, s.rate(1), 1e-12);
        assertEquals(1.0, s.rate(3), 1e-12);
        assertEquals(1.0, s.rate(4), 1e-12, "the peak right after warmup");
        assertEquals(0.5, s.rate(9), 1e-12, "half way through the decay");
        assertEquals(0.5 * (1 + Math.cos(Math.PI * 0.2)), s.rate(6), 1e-12);
        assertEquals(0.0, s.rate(14), 1e-12);
        for (int step = 4; step < 14; step++) {
            assertTrue(s.rate(step + 1) < s.rate(step), "decreasing after warmup at " + step);
        }
    }

    @Test
    void warmupInEpochsIsRoundedToSteps() {
        CosineSchedule s = CosineSchedule.of(2e-3, 0.5, 5, 10);
        assertEquals(5, s.warmupSteps());
        assertEquals(50, s.totalSteps());
        CosineSchedule none = CosineSchedule.of(0.1, 0, 1, 8);
        assertEquals(0.1, none.rate(0), 1e-12, "no warmup starts at the peak");
    }

    @Test
    void labelSmoothingMovesEpsilonOfTheMassToAllClassesEvenly() {
        INDArray oneHot = Nd4j.createFromArray(new float[][] {{0, 1, 0, 0}});
        INDArray smoothed = LabelSmoothing.apply(oneHot, 0.1);
        assertEquals(0.025, smoothed.getDouble(0, 0), 1e-6);
        assertEquals(0.925, smoothed.getDouble(0, 1), 1e-6);
        assertEquals(1.0, smoothed.sumNumber().doubleValue(), 1e-6);
        assertEquals(1.0, oneHot.getDouble(0, 1), 0, "the input is left as it was");
    }
}
