package org.moeworkbench.engine.hardmoe;

import java.util.stream.IntStream;

/** Small helpers shared by the runner and the evaluator. */
final class HardMoeRunnerSupport {
    private HardMoeRunnerSupport() {}

    /** Indices i with {@code assignment[i] == cluster}, ascending. */
    static int[] members(int[] assignment, int cluster) {
        return IntStream.range(0, assignment.length)
                .filter(i -> assignment[i] == cluster)
                .toArray();
    }
}
