package org.moeworkbench.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {
    record P(String name, double cost, double accuracy) {}

    @Test
    void handWorkedFront() {
        List<P> points = List.of(
                new P("a", 10, 70),
                new P("b", 20, 75),
                new P("c", 15, 68),
                new P("d", 30, 74),
                new P("e", 5, 60),
                new P("f", 20, 72),
                new P("g", Double.NaN, 99),
                new P("h", 40, 80));
        // c (15, 68) loses to a (10, 70); d to b; f to b (same cost, less accurate); g has no cost
        List<P> front = ParetoFront.front(points, P::cost, P::accuracy);
        assertEquals(List.of("e", "a", "b", "h"), front.stream().map(P::name).toList());
    }

    @Test
    void equalsBruteForceOnRandomPoints() {
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            List<P> points = new ArrayList<>();
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                // distinct values: ties are covered by the hand-worked case
                points.add(new P("p" + i, random.nextDouble() * 100, random.nextDouble()));
            }
            var expected = new HashSet<P>();
            for (P p : points) {
                boolean dominated = false;
                for (P q : points) {
                    if (q != p
                            && q.cost() <= p.cost()
                            && q.accuracy() >= p.accuracy()
                            && (q.cost() < p.cost() || q.accuracy() > p.accuracy())) {
                        dominated = true;
                    }
                }
                if (!dominated) {
                    expected.add(p);
                }
            }
            List<P> front = ParetoFront.front(points, P::cost, P::accuracy);
            assertEquals(expected, new HashSet<>(front), "trial " + trial);
            for (int i = 1; i < front.size(); i++) {
                assertEquals(
                        true,
                        front.get(i).cost() > front.get(i - 1).cost()
                                && front.get(i).accuracy() > front.get(i - 1).accuracy());
            }
        }
    }
}
