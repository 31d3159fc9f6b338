package org.moeworkbench.engine.moe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The SameDiff layer against {@link MoeReference}, in double precision, inference mode. */
class SparseMoeLayerReferenceTest {

    private static final double TOLERANCE = 1e-10;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String router : List.of("linear", "cosine", "l2")) {
            for (int k : new int[] {1, 2}) {
                cases.add(Arguments.of(router, k, 0.0, false));
                cases.add(Arguments.of(router, k, 0.5, false));
                cases.add(Arguments.of(router, k, 0.5, true));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} k={1} capacity={2} bpr={3}")
    @MethodSource("cases")
    void matchesPlainLoopReference(String router, int k, double capacityFactor, boolean bpr) {
        for (BalanceLoss form : BalanceLoss.values()) {
            MoeFixture fixture = new MoeFixture(
                    MoeFixture.config(router, k, capacityFactor, bpr, 0.0), DataType.DOUBLE, 7, false, form);
            Map<String, INDArray> out = fixture.run(0.0);
            MoeReference.Result expected = fixture.reference();
            SparseMoeLayer.Output layer = fixture.layer;

            assertMatrix(expected.output(), out.get(layer.output().name()), "output");
            assertMatrix(expected.gates(), out.get(layer.gates().name()), "gates");
            assertArrayEquals(expected.load(), out.get(layer.load().name()).toDoubleVector(), TOLERANCE, "load");
            long[][] chosen = out.get(layer.chosen().name()).toLongMatrix();
            double[][] dropped = out.get(layer.dropped().name()).toDoubleMatrix();
            for (int t = 0; t < MoeFixture.TOKENS; t++) {
                for (int r = 0; r < k; r++) {
                    assertEquals(expected.chosen()[t][r], chosen[t][r], "chosen[" + t + "][" + r + "]");
                    assertEquals(expected.dropped()[t][r] ? 1.0 : 0.0, dropped[t][r], "dropped[" + t + "][" + r + "]");
                }
            }
            double expectedAux = form == BalanceLoss.SWITCH ? expected.switchLoss() : expected.importanceLoadLoss();
            assertEquals(expectedAux, out.get(layer.auxLoss().name()).getDouble(0), TOLERANCE, "aux loss " + form);
            if (capacityFactor > 0) {
                assertTrue(countDropped(expected) > 0, "the case should exercise the capacity: nothing was dropped");
            }
        }
    }

    @ParameterizedTest(name = "{0} k={1}")
    @MethodSource("routersAndK")
    void batchPrioritizedRoutingChangesWhichAssignmentsAreDropped(String router, int k) {
        MoeFixture tokenOrder = new MoeFixture(
                MoeFixture.config(router, k, 0.5, false, 0.0), DataType.DOUBLE, 7, false, BalanceLoss.IMPORTANCE_LOAD);
        MoeFixture prioritized = new MoeFixture(
                MoeFixture.config(router, k, 0.5, true, 0.0), DataType.DOUBLE, 7, false, BalanceLoss.IMPORTANCE_LOAD);
        INDArray droppedInOrder =
                tokenOrder.run(0.0).get(tokenOrder.layer.dropped().name());
        INDArray droppedByPriority =
                prioritized.run(0.0).get(prioritized.layer.dropped().name());
        assertNotEquals(droppedInOrder, droppedByPriority, "BPR and token order drop the same assignments here");
        // with BPR, a served first choice never has a lower top-1 gate than a dropped first choice of the same expert
        long[][] chosen =
                prioritized.run(0.0).get(prioritized.layer.chosen().name()).toLongMatrix();
        double[][] dropped = droppedByPriority.toDoubleMatrix();
        MoeReference.Result reference = prioritized.reference();
        for (int a = 0; a < MoeFixture.TOKENS; a++) {
            for (int b = 0; b < MoeFixture.TOKENS; b++) {
                if (chosen[a][0] == chosen[b][0] && dropped[a][0] == 0 && dropped[b][0] == 1) {
                    assertTrue(
                            topProbability(reference, a) >= topProbability(reference, b),
                            "token " + a + " served before higher-priority token " + b);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} k={1}")
    @MethodSource("routersAndK")
    void floatGraphMatchesTheDoubleReference(String router, int k) {
        MoeFixture fixture = new MoeFixture(
                MoeFixture.config(router, k, 0.5, true, 0.0), DataType.FLOAT, 7, false, BalanceLoss.IMPORTANCE_LOAD);
        Map<String, INDArray> out = fixture.run(0.0);
        MoeReference.Result expected = fixture.reference();
        double[][] actual =
                out.get(fixture.layer.output().name()).castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int t = 0; t < expected.output().length; t++) {
            assertArrayEquals(expected.output()[t], actual[t], 1e-4, "float output row " + t);
        }
    }

    @ParameterizedTest(name = "{0} k={1}")
    @MethodSource("routersAndK")
    void loadLossUsesTheSelectionProbabilityWhenTheRouterIsNoisy(String router, int k) {
        MoeFixture fixture = new MoeFixture(
                MoeFixture.config(router, k, 0.0, false, 0.7), DataType.DOUBLE, 7, false, BalanceLoss.IMPORTANCE_LOAD);
        Map<String, INDArray> out = fixture.run(0.0); // inference: no noise drawn, the loss still uses its std
        MoeReference.Result expected = fixture.reference();
        assertMatrix(expected.output(), out.get(fixture.layer.output().name()), "output");
        assertEquals(
                expected.importanceLoadLoss(),
                out.get(fixture.layer.auxLoss().name()).getDouble(0),
                1e-9);
    }

    static Stream<Arguments> routersAndK() {
        return Stream.of("linear", "cosine", "l2").flatMap(r -> Stream.of(Arguments.of(r, 1), Arguments.of(r, 2)));
    }

    private static double topProbability(MoeReference.Result reference, int token) {
        return reference.topProbability()[token];
    }

    private static int countDropped(MoeReference.Result result) {
        int n = 0;
        for (boolean[] row : result.dropped()) {
            for (boolean d : row) {
                n += d ? 1 : 0;
            }
        }
        return n;
    }

    private static void assertMatrix(double[][] expected, INDArray actual, String what) {
        double[][] a = actual.toDoubleMatrix();
        assertEquals(expected.length, a.length, what + " rows");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], a[i], TOLERANCE, what + " row " + i);
        }
    }
}
