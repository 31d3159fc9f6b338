package org.moeworkbench.engine.moe;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Expert capacity with optional Batch Prioritized Routing (Riquelme et al. 2021).
 *
 * <p>Each expert serves at most {@code C = ceil(k * T * capacityFactor / E)} assignments, T the
 * dynamic token count. Assignments are served round by round (all first choices before all second
 * choices); within a round, in token order, or with BPR in order of the token's top-1 routing
 * probability (highest first, ties by token order). An assignment whose place in its expert's queue
 * is C or more is dropped.
 *
 * <p>The place is computed in-graph: {@code before[t, t'] = 1} when token t' is served before token
 * t, so {@code before x oneHot_r} counts, per expert, the earlier assignments of round r; adding the
 * per-expert totals of earlier rounds gives the place. The [T, T] matrix costs T^2 memory, fine for
 * the token counts of an image batch. Nothing here carries a gradient (routing decisions).
 *
 * @param kept per round, [T] in the layer's float type: 1 where the assignment is served, 0 where dropped
 */
record CapacityLimit(List<SDVariable> kept) {

    static CapacityLimit apply(
            SameDiff sd,
            String name,
            SDVariable tokens,
            TopKSelection selection,
            int experts,
            double capacityFactor,
            boolean batchPrioritized,
            DataType dataType) {
        int k = selection.k();
        SDVariable tokenCount = sd.sizeAt(tokens, 0).castTo(DataType.DOUBLE);
        // same operation order as ceil(k * T * f / E) in double, so the capacity is exact
        SDVariable capacity =
                sd.math().ceil(tokenCount.mul((double) k).mul(capacityFactor).div((double) experts));

        SDVariable before = servedBefore(sd, name, tokens, selection, batchPrioritized, dataType);
        SDVariable earlierRounds = null; // [1, E]: assignments of earlier rounds per expert
        List<SDVariable> kept = new ArrayList<>(k);
        for (int round = 0; round < k; round++) {
            SDVariable oneHot = selection.oneHots().get(round);
            SDVariable queued = before.mmul(oneHot); // [T, E]
            if (earlierRounds != null) {
                queued = queued.add(earlierRounds);
            }
            SDVariable place = queued.mul(oneHot).sum(1).castTo(DataType.DOUBLE);
            kept.add(place.lt(capacity).castTo(dataType));
            SDVariable roundTotals = oneHot.sum(true, 0);
            earlierRounds = earlierRounds == null ? roundTotals : earlierRounds.add(roundTotals);
        }
        return new CapacityLimit(List.copyOf(kept));
    }

    /** [T, T]: 1 where token t' (column) is served before token t (row) within a round. */
    private static SDVariable servedBefore(
            SameDiff sd,
            String name,
            SDVariable tokens,
            TopKSelection selection,
            boolean batchPrioritized,
            DataType dataType) {
        SDVariable tokenCount = sd.sizeAt(tokens, 0).castTo(DataType.INT32);
        SDVariable index = sd.range(
                sd.constant(name + "/capacity/zero", Nd4j.scalar(0)),
                tokenCount,
                sd.constant(name + "/capacity/one", Nd4j.scalar(1)),
                dataType);
        SDVariable row = index.reshape(-1, 1);
        SDVariable column = index.reshape(1, -1);
        SDVariable earlierToken = column.lt(row).castTo(dataType);
        if (!batchPrioritized) {
            return earlierToken;
        }
        SDVariable priority = selection.rawGates().get(0);
        SDVariable priorityRow = priority.reshape(-1, 1);
        SDVariable priorityColumn = priority.reshape(1, -1);
        SDVariable higher = priorityColumn.gt(priorityRow).castTo(dataType);
        SDVariable equal = priorityColumn.eq(priorityRow).castTo(dataType);
        return higher.add(equal.mul(earlierToken));
    }
}
