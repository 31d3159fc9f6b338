package org.moeworkbench.engine.moe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingHealthTest {

    /** Four tokens, two experts, top-1: three go to expert 0, one of them dropped by the capacity. By hand below. */
    @Test
    void statisticsOfOneStepMatchTheirDefinitionsComputedByHand() {
        float[] logits = {0, 0, 0, 0, 0, 0, 0, 0}; // uniform softmax: entropy ln 2 per token
        long[] chosen = {0, 0, 0, 1};
        float[] dropped = {0, 1, 0, 0};

        RoutingHealth h = RoutingHealth.ofTokens(5, 2, 1, logits, chosen, dropped);

        assertEquals(5, h.block());
        assertArrayEquals(new double[] {0.75, 0.25}, h.load(), 1e-12);
        assertArrayEquals(new double[] {0.50, 0.25}, h.served(), 1e-12);
        assertEquals(0.25, h.minShare(), 1e-12);
        assertEquals(0.75, h.maxShare(), 1e-12);
        // mean 0.5, sample std sqrt((0.25^2 + 0.25^2) / 1) = 0.35355
        assertEquals(Math.sqrt(0.125) / 0.5, h.cv(), 1e-12);
        assertEquals(1.0, h.utilisation(), 1e-12); // both at least half the uniform share 0.5
        assertEquals(0, h.deadExperts());
        assertEquals(Math.log(2), h.gateEntropy(), 1e-9);
        double loadEntropy = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        assertEquals(loadEntropy, h.loadEntropy(), 1e-12);
        assertEquals(Math.exp(loadEntropy), h.effectiveExperts(), 1e-12);
        assertEquals(0.25, h.dropRate(), 1e-12);
        assertEquals(Math.log(2) * Math.log(2), h.routerZ(), 1e-9); // logsumexp of (0, 0) is ln 2
        assertEquals(0.0, h.logitRms(), 1e-12);
        assertEquals(0, h.busiestExpert());
    }

    @Test
    void aCollapsedLayerHasOneEffectiveExpertAndDeadOnes() {
        float[] logits = {10, 0, 0, 0, 10, 0, 0, 0}; // 2 tokens, 4 experts, both sure of expert 0
        RoutingHealth h = RoutingHealth.ofTokens(3, 4, 1, logits, new long[] {0, 0}, null);

        assertArrayEquals(new double[] {1, 0, 0, 0}, h.load(), 1e-12);
        assertEquals(1.0, h.effectiveExperts(), 1e-12);
        assertEquals(3, h.deadExperts());
        assertEquals(0.25, h.utilisation(), 1e-12);
        assertEquals(2.0, h.cv(), 1e-12); // mean 0.25, sample std sqrt((0.5625 + 3 * 0.0625) / 3) = 0.5
        assertTrue(h.gateEntropy() < 0.01, "a confident router has a near-zero gate entropy: " + h.gateEntropy());
        assertEquals(0.0, h.dropRate());
        // rms of logits: sqrt((100 + 100) / 8) = 5
        assertEquals(5.0, h.logitRms(), 1e-9);
    }

    @Test
    void theMeanOfStepsAveragesLoadsAndCountsOnlyExpertsDeadInEveryStep() {
        RoutingHealth a = RoutingHealth.of(1, new double[] {1, 0, 0}, new double[] {1, 0, 0}, 0.2, 0, 1, 1, null);
        RoutingHealth b = RoutingHealth.of(1, new double[] {0, 1, 0}, new double[] {0, 1, 0}, 0.4, 0.5, 3, 3, null);

        RoutingHealth mean = RoutingHealth.mean(List.of(a, b));

        assertArrayEquals(new double[] {0.5, 0.5, 0}, mean.load(), 1e-12);
        assertEquals(1, mean.deadExperts());
        assertEquals(0.3, mean.gateEntropy(), 1e-12);
        assertEquals(0.25, mean.dropRate(), 1e-12);
        assertEquals(2.0, mean.effectiveExperts(), 1e-12);
        assertEquals(2.0, mean.routerZ(), 1e-12);
    }

    @Test
    void collapseIsRaisedOnceAfterTheConfiguredRunOfStepsAndReArmedWhenItEnds() {
        CollapseWatch watch = new CollapseWatch(0.8, 3);
        RoutingHealth collapsed =
                RoutingHealth.of(4, new double[] {0.1, 0.9}, new double[] {0.1, 0.9}, 0, 0, 0, 0, null);
        RoutingHealth balanced =
                RoutingHealth.of(4, new double[] {0.5, 0.5}, new double[] {0.5, 0.5}, 0, 0, 0, 0, null);

        assertTrue(watch.step(1, 1, List.of(collapsed)).isEmpty());
        assertTrue(watch.step(2, 1, List.of(collapsed)).isEmpty());
        List<CollapseWatch.Alarm> raised = watch.step(3, 1, List.of(collapsed));
        assertEquals(1, raised.size());
        CollapseWatch.Alarm alarm = raised.get(0);
        assertEquals(CollapseWatch.Alarm.COLLAPSE, alarm.kind());
        assertEquals(1, alarm.expert());
        assertEquals(4, alarm.block());
        assertTrue(alarm.message().contains("expert 1 took 90%"), alarm.message());
        assertTrue(alarm.message().contains("moe.collapseShare"), alarm.message());
        assertTrue(watch.step(4, 1, List.of(collapsed)).isEmpty(), "raised once per episode");
        assertTrue(watch.step(5, 1, List.of(balanced)).isEmpty());
        watch.step(6, 1, List.of(collapsed));
        watch.step(7, 1, List.of(collapsed));
        assertEquals(1, watch.step(8, 1, List.of(collapsed)).size(), "a new episode raises again");
    }

    @Test
    void aDeadExpertIsRaisedOncePerLayerAndExpert() {
        CollapseWatch watch = new CollapseWatch(0.9, 50);
        RoutingHealth epoch =
                RoutingHealth.of(2, new double[] {0.6, 0.4, 0}, new double[] {0.6, 0.4, 0}, 0, 0, 0, 0, null);

        List<CollapseWatch.Alarm> first = watch.epoch(100, 1, List.of(epoch));
        assertEquals(1, first.size());
        assertEquals(CollapseWatch.Alarm.DEAD, first.get(0).kind());
        assertEquals(2, first.get(0).expert());
        assertTrue(watch.epoch(200, 2, List.of(epoch)).isEmpty());
    }

    @Test
    void aShareOfOneTurnsTheCollapseAlarmOff() {
        CollapseWatch watch = new CollapseWatch(1.0, 1);
        RoutingHealth all = RoutingHealth.of(0, new double[] {1, 0}, new double[] {1, 0}, 0, 0, 0, 0, null);
        assertTrue(watch.step(1, 1, List.of(all)).isEmpty());
    }
}
