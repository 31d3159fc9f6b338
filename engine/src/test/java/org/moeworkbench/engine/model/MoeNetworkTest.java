package org.moeworkbench.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Router;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MoeNetworkTest {
    private static final int SIZE = 16;
    private static final MoeConfig NOISY =
            new MoeConfig(4, 2, Placement.LAST2, List.of(), Router.LINEAR, 8, 2.0, 0.5, 0.01, 1.0, true, 0.1);

    private static Network build(MoeConfig moe, long seed) {
        return NetworkBuilder.build(TinyModels.convnext(), moe, 3, 3, SIZE, seed, OptimizerSettings.adamW(0.05));
    }

    private static double[] train(Network net, int steps, double lr) {
        return TinyModels.fitFixedBatch(net, SIZE, steps, lr);
    }

    @Test
    void routingHasOneSnapshotPerMoeLayerWithTokenAndTopKShapes() {
        Network net = build(NOISY, 3);
        Network.StepResult step = net.trainStep(
                TinyModels.images(4, 3, SIZE, 1, DataType.FLOAT), TinyModels.oneHot(4, 3, 2, DataType.FLOAT), 1e-3);
        assertEquals(2, step.expertLoad().size());
        assertEquals(4, step.expertLoad().get(0).length);
        assertTrue(step.auxLoss() > 0, "aux loss " + step.auxLoss());
        assertEquals(List.of(3, 4), step.health().stream().map(h -> h.block()).toList());
        for (int i = 0; i < 2; i++) { // the health's counts agree with the graph's own load output
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    step.expertLoad().get(i), step.health().get(i).load(), 1e-6);
            double entropy = step.health().get(i).gateEntropy();
            assertTrue(entropy > 0 && entropy <= Math.log(4) + 1e-9, "gate entropy within (0, ln 4]: " + entropy);
            assertTrue(Double.isFinite(step.health().get(i).routerZ()));
        }

        List<Network.RoutingSnapshot> routing = net.routing(TinyModels.images(5, 3, SIZE, 4, DataType.FLOAT));
        assertEquals(
                List.of(3, 4),
                routing.stream().map(Network.RoutingSnapshot::block).toList()); // depths 1,1,2,1
        int[] tokens = {4, 1}; // 2x2 in stage 2, 1x1 in stage 3
        for (int i = 0; i < 2; i++) {
            Network.RoutingSnapshot r = routing.get(i);
            assertEquals(tokens[i], r.tokensPerImage());
            assertEquals(5 * tokens[i], r.experts().length);
            assertEquals(5 * tokens[i], r.gates().length);
            assertEquals(5 * tokens[i], r.dropped().length);
            for (int t = 0; t < r.experts().length; t++) {
                assertEquals(2, r.experts()[t].length);
                assertTrue(r.experts()[t][0] != r.experts()[t][1], "two distinct experts per token");
                assertTrue(r.experts()[t][0] >= 0 && r.experts()[t][0] < 4);
                assertEquals(1.0, r.gates()[t][0] + r.gates()[t][1], 1e-5);
            }
        }
    }

    @Test
    void moeNetworkLearnsAndRepeatsWithRouterNoise() {
        double[] a = train(build(NOISY, 5), 20, 3e-3);
        assertTrue(a[19] < 0.6 * a[0], "loss " + a[0] + " -> " + a[19]);
        assertArrayEquals(a, train(build(NOISY, 5), 20, 3e-3), 0.0);
    }

    @Test
    void expertWeightsFormTheirOwnDecayGroup() {
        SameDiffNetwork net = (SameDiffNetwork) build(NOISY, 1);
        long experts = net.paramGroups().entrySet().stream()
                .filter(e -> e.getValue() == ParamGroup.EXPERT)
                .count();
        assertEquals(2 * 4 * 2, experts, "w1 and w2 of 4 experts in 2 layers: " + net.paramGroups());
        assertEquals(ParamGroup.NOT_DECAYED, net.paramGroups().get("b3_gamma"));
        assertEquals(ParamGroup.DECAYED, net.paramGroups().get("b3_dw_w"));
    }

    @Test
    void moeInferenceAgreesWithNd4jHelpersOff() {
        Network net = build(TinyModels.moe(4, 1, "stage"), 7);
        train(net, 2, 1e-2);
        INDArray x = TinyModels.images(6, 3, SIZE, 9, DataType.FLOAT);
        net.logits(x);
        INDArray withHelpers = net.logits(x).dup();
        boolean helpers = Nd4j.getEnvironment().helpersAllowed();
        try {
            Nd4j.getEnvironment().allowHelpers(false);
            assertTrue(withHelpers.equalsWithEps(net.logits(x), 1e-4));
        } finally {
            Nd4j.getEnvironment().allowHelpers(helpers);
        }
    }

    @Test
    void silencingTheMoeLayersZeroesTheirOutputChangesTheLogitsAndRestoresTheWeights() {
        SameDiffNetwork net = (SameDiffNetwork) build(NOISY, 5);
        train(net, 3, 1e-2); // experts away from their initial weights
        INDArray x = TinyModels.images(4, 3, SIZE, 9, DataType.FLOAT);
        INDArray before = net.logits(x).dup();
        String[] moeOutputs = net.sameDiff().variables().stream()
                .map(v -> v.name())
                .filter(n -> n.endsWith("_moe/output"))
                .toArray(String[]::new);
        assertEquals(2, moeOutputs.length, java.util.Arrays.toString(moeOutputs));
        INDArray silenced = net.withMoeSilenced(() -> {
            java.util.Map<String, INDArray> feeds = new java.util.HashMap<>();
            feeds.put(GraphContext.FEATURES, x);
            feeds.put(GraphContext.TRAINING, Nd4j.scalar(DataType.FLOAT, 0));
            for (String name : moeOutputs) {
                INDArray out = net.sameDiff().output(feeds, name).get(name);
                assertEquals(0, out.amaxNumber().doubleValue(), 0, name + " is not zero while silenced");
            }
            return net.logits(x).dup();
        });
        assertTrue(before.sub(silenced).amaxNumber().doubleValue() > 1e-4, "silencing the MoE did not change logits");
        assertEquals(0, before.sub(net.logits(x)).amaxNumber().doubleValue(), 0, "weights not restored");
    }

    @Test
    void routingRowsReadFromOneCopyMatchRowByRowReading() {
        org.nd4j.linalg.api.ndarray.INDArray values =
                org.nd4j.linalg.factory.Nd4j.arange(21).reshape(7, 3).castTo(DataType.FLOAT);
        for (org.nd4j.linalg.api.ndarray.INDArray a :
                List.of(values, values.dup('f'), values.transpose().transpose())) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    a.castTo(DataType.INT).toIntMatrix(), SameDiffNetwork.intRows(a));
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.toFloatMatrix(), SameDiffNetwork.floatRows(a));
        }
    }
}
