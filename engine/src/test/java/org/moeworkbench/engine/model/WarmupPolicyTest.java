package org.moeworkbench.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.model.ReferenceBenchmark.WarmupPolicy;

class WarmupPolicyTest {

    /** Number of warm-up steps the policy takes for a sequence of (wall, JIT) seconds per step. */
    private static int warmupSteps(WarmupPolicy policy, double[] wall, double[] jit) {
        int done = 0;
        while (policy.stillWarming(wall, jit, done)) {
            done++;
        }
        return done;
    }

    @Test
    void fixedWarmupIgnoresTheCompiler() {
        double[] wall = {2, 2, 2, 2, 2, 2};
        double[] jit = {2, 2, 2, 2, 2, 2};
        assertEquals(3, warmupSteps(WarmupPolicy.fixed(3), wall, jit));
        assertEquals(0, warmupSteps(WarmupPolicy.fixed(0), wall, jit));
    }

    @Test
    void settlingWaitsForThreeQuietStepsAcrossBursts() {
        // a burst (steps 1-3), two quiet steps, another burst at step 6, then quiet: the window of 3 rides over
        // the quiet gap and warm-up ends after step 9
        double[] wall = {4, 3, 3, 2, 2, 3.5, 2, 2, 2, 2, 2};
        double[] jit = {2.5, 2, 1.5, 0.05, 0.05, 2, 0.05, 0.05, 0.05, 0, 0};
        assertEquals(9, warmupSteps(WarmupPolicy.settling(3), wall, jit));
    }

    @Test
    void settlingNeverEndsBeforeTheMinimumNorRunsPastTheCap() {
        double[] quiet = new double[40];
        double[] wall = new double[40];
        java.util.Arrays.fill(wall, 2);
        assertEquals(5, warmupSteps(WarmupPolicy.settling(5), wall, quiet));
        double[] busy = new double[40];
        java.util.Arrays.fill(busy, 1);
        assertEquals(3 + WarmupPolicy.DEFAULT_MAXIMUM_EXTRA, warmupSteps(WarmupPolicy.settling(3), wall, busy));
    }

    @Test
    void impossibleSettingsAreRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new WarmupPolicy(-1, true, 30, 0.05, 3));
        assertEquals(true, e.getMessage().contains("minimum -1"));
    }
}
