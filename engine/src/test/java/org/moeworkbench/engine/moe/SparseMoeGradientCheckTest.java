package org.moeworkbench.engine.moe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.moeworkbench.engine.model.FiniteDifferences;
import org.moeworkbench.engine.model.Float64Defaults;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float64 central finite differences against SameDiff's gradients for the sparse MoE layer alone, so that every
 * differentiable op it uses is covered: the routers (linear: matmul + bias; cosine: projection, row/column L2
 * normalisation with pow, exp of the learned scale; l2: squared distances), softmax, the argmax-rounds top-k
 * (the gates take their gradient through {@code probs * oneHot} summed, and the division that renormalises
 * them for k = 2), the dispatch ({@code dynamicPartition}, the expert MLPs with gelu, {@code dynamicStitch},
 * the gate expansion by matmul, the reshape + sum over rounds), the capacity and BPR masks (no gradient of
 * their own, but they change which rows the dispatch drops), and both balancing losses (Switch; importance +
 * load with the erf of the noisy-router load term). The checked loss is {@code sum(output * R) + auxLoss}, so
 * the auxiliary loss's gradient is as visible as the output's. Gradients are checked for the input tokens and
 * every router and expert weight. Two cases route no token to some expert: that expert's matmul must not see an
 * empty input (its backward fails in ND4J 1.0.0-M2.1), which {@link SparseDispatch} avoids with a pad row.
 */
@ExtendWith(Float64Defaults.class)
class SparseMoeGradientCheckTest {
    private static final double MAX_RELATIVE = 1e-5;
    /** Entries checked per tensor: the inputs and router weights, and each expert weight (16 to 32 of them). */
    private static final int ENTRIES_PER_INPUT_OR_ROUTER_PARAM = 3;

    private static final int ENTRIES_PER_EXPERT_PARAM = 1;

    /** Each router, k, capacity, BPR, noise and balancing-loss form appears at least once (8 cases: FD is slow). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("linear", 1, 0.0, false, 0.0, BalanceLoss.SWITCH), // the bench's layer
                Arguments.of("linear", 2, 0.5, false, 0.0, BalanceLoss.IMPORTANCE_LOAD),
                Arguments.of("linear", 2, 0.5, true, 0.0, BalanceLoss.SWITCH),
                Arguments.of("cosine", 1, 0.0, false, 0.0, BalanceLoss.SWITCH), // an expert gets no token
                Arguments.of("cosine", 2, 0.0, false, 0.7, BalanceLoss.IMPORTANCE_LOAD),
                Arguments.of("cosine", 1, 0.5, true, 0.0, BalanceLoss.IMPORTANCE_LOAD),
                Arguments.of("l2", 1, 0.0, false, 0.7, BalanceLoss.IMPORTANCE_LOAD), // an expert gets no token
                Arguments.of("l2", 2, 0.5, true, 0.0, BalanceLoss.SWITCH));
    }

    @ParameterizedTest(name = "{0} k={1} capacity={2} bpr={3} noise={4} {5}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(
            String router, int k, double capacityFactor, boolean bpr, double noise, BalanceLoss balanceLoss) {
        MoeFixture fixture = new MoeFixture(
                MoeFixture.config(router, k, capacityFactor, bpr, noise), DataType.DOUBLE, 11, true, balanceLoss);
        INDArray weights = MoeFixture.gaussian(new Random(3), 1.0, MoeFixture.TOKENS, MoeFixture.DIM);
        SDVariable projected = fixture.layer
                .output()
                .mul(fixture.sd.constant("projection", weights))
                .sum();
        SDVariable loss = projected.add("checkedLoss", fixture.layer.auxLoss());
        fixture.sd.setLossVariables(loss);
        fixture.createGradientsQuietly();

        List<String> params = new ArrayList<>();
        params.add("tokens");
        fixture.allWeights().forEach(w -> params.add(w.name()));
        Map<String, INDArray> feeds = fixture.placeholders(0.0);
        FiniteDifferences.Check check = FiniteDifferences.check(
                fixture.sd,
                feeds,
                "checkedLoss",
                params,
                name -> name.contains("/expert") ? ENTRIES_PER_EXPERT_PARAM : ENTRIES_PER_INPUT_OR_ROUTER_PARAM,
                MAX_RELATIVE);
        for (String name : params) {
            INDArray analytic = check.gradients().get(name);
            assertTrue(analytic != null, "no gradient for " + name);
            if (name.contains("/router/") || name.equals("tokens")) { // else the check would pass trivially
                assertTrue(analytic.norm2Number().doubleValue() > 0, "zero gradient for " + name);
            }
        }
        List<String> bad = check.mismatches();
        int checked = check.checked();
        assertTrue(bad.isEmpty(), bad.size() + " of " + checked + " entries differ: " + bad);
        assertTrue(checked >= params.size(), "too few entries checked: " + checked);
    }

    @org.junit.jupiter.api.Test
    void anExpertThatNoTokenChoseStillGetsGradients() {
        MoeFixture fixture = new MoeFixture(
                MoeFixture.config("cosine", 1, 0.0, false, 0.0), DataType.DOUBLE, 11, true, BalanceLoss.SWITCH);
        double[] load = fixture.run(0.0).get(fixture.layer.load().name()).toDoubleVector();
        int idle = -1;
        for (int e = 0; e < load.length; e++) {
            idle = load[e] == 0 ? e : idle;
        }
        assertTrue(
                idle >= 0,
                "the fixture should leave an expert without tokens: load " + java.util.Arrays.toString(load));
        fixture.sd.setLossVariables(fixture.layer.output().sum().add(fixture.layer.auxLoss()));
        fixture.createGradientsQuietly();
        String w2 = "moe/expert" + idle + "/w2";
        Map<String, INDArray> gradients =
                fixture.sd.calculateGradients(fixture.placeholders(0.0), List.of(w2, "tokens"));
        assertTrue(gradients.get(w2).norm2Number().doubleValue() == 0, "the idle expert's weights have zero gradient");
        assertTrue(gradients.get("tokens").norm2Number().doubleValue() > 0);
    }
}
