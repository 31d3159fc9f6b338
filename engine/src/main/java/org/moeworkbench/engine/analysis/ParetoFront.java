package org.moeworkbench.engine.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The Pareto front of accuracy against cost (params total or active per image; Sweet Spot Fig. 2, Gross
 * Fig. 4): the points no other point beats, where beating means cost no higher and accuracy no lower with
 * at least one strictly better. Points with a NaN coordinate are never on the front.
 */
public final class ParetoFront {

    private ParetoFront() {}

    /** The front, sorted by cost ascending (its accuracy then rises strictly). Duplicates keep the first. */
    public static <T> List<T> front(List<T> points, ToDoubleFunction<T> cost, ToDoubleFunction<T> accuracy) {
        List<T> sorted = new ArrayList<>();
        for (T p : points) {
            if (!Double.isNaN(cost.applyAsDouble(p)) && !Double.isNaN(accuracy.applyAsDouble(p))) {
                sorted.add(p);
            }
        }
        // Cheapest first; at equal cost the most accurate first, so the others at that cost are dominated.
        sorted.sort(Comparator.<T>comparingDouble(cost)
                .thenComparing(Comparator.comparingDouble(accuracy).reversed()));
        List<T> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (T p : sorted) {
            double a = accuracy.applyAsDouble(p);
            if (a > best) {
                front.add(p);
                best = a;
            }
        }
        return front;
    }

    /** Cost axes of the Pareto figures. */
    public enum Cost {
        /** all parameters */
        PARAMS_TOTAL,
        /** parameters used per image */
        PARAMS_ACTIVE;

        public double of(RunSummary run) {
            return this == PARAMS_TOTAL ? run.params() : run.paramsActive();
        }

        public String label() {
            return this == PARAMS_TOTAL ? "parameters (total)" : "parameters active per image";
        }
    }
}
