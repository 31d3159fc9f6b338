package org.moeworkbench.engine.moe;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The experts and the sparse dispatch: each expert computes only the assignments routed to it.
 *
 * <p>The k assignments of every token are laid out round by round, assignment {@code a = r * T + t}. A 1-D
 * {@code dynamicPartition} of the assignment numbers by expert (a dropped assignment goes to an extra partition that
 * no expert computes) gives each expert its row numbers; {@link RowGather} picks those token rows, each expert runs
 * its MLP on them, and a second {@link RowGather} takes every assignment's result back from the experts' stacked
 * outputs at a row computed from the one-hot of the partition (zeros for a dropped assignment). The rows are
 * multiplied by their gates and the k rounds summed. Row movement is gather forward and scatter-add backward:
 * ND4J 1.0.0-M2.1's {@code dynamicPartition} / {@code dynamicStitch} on rows leak native memory every step (see
 * {@link RowGather}). An expert's matmul backward does not take an empty input, so every expert also computes
 * one zero pad row. The gates are expanded to [kT, dim] by a matmul with a row of ones before the elementwise
 * product: a broadcast multiply's backward was very slow.
 */
final class SparseDispatch {

    private SparseDispatch() {}

    /** The E expert MLPs (Linear dim->hidden, GELU, Linear hidden->dim) of one layer. */
    record Experts(List<SDVariable[]> layers, List<SDVariable> weights) {

        static Experts create(SameDiff sd, String name, int experts, int dim, int hidden, SeededInit init) {
            List<SDVariable[]> layers = new ArrayList<>(experts);
            List<SDVariable> weights = new ArrayList<>(4 * experts);
            for (int e = 0; e < experts; e++) {
                String prefix = name + "/expert" + e;
                SDVariable w1 = sd.var(prefix + "/w1", init.truncatedNormal(InitScale.std(dim), dim, hidden));
                SDVariable b1 = sd.var(prefix + "/b1", init.zeros(hidden));
                SDVariable w2 = sd.var(prefix + "/w2", init.truncatedNormal(InitScale.std(hidden), hidden, dim));
                SDVariable b2 = sd.var(prefix + "/b2", init.zeros(dim));
                layers.add(new SDVariable[] {w1, b1, w2, b2});
                weights.addAll(List.of(w1, b1, w2, b2));
            }
            return new Experts(List.copyOf(layers), List.copyOf(weights));
        }

        /**
         * The expert MLP on a [n, dim] block of tokens. GELU is ND4J's {@code gelu} op, which computes
         * the sigmoid approximation {@code x * sigmoid(1.702 x)}; {@code preciseGelu} gives values that
         * match neither the exact nor the tanh form in this version.
         */
        SDVariable apply(SameDiff sd, int expert, SDVariable tokens) {
            SDVariable[] p = layers.get(expert);
            SDVariable hidden = sd.nn().gelu(tokens.mmul(p[0]).add(p[1]));
            return hidden.mmul(p[2]).add(p[3]);
        }

        int count() {
            return layers.size();
        }
    }

    /**
     * @param tokens     [T, dim]
     * @param selection  the k choices of every token
     * @param kept       per round, [T] 1 = served, 0 = dropped; null when there is no capacity limit
     * @return [T, dim]: sum over the served assignments of gate * expert(token)
     */
    static SDVariable combine(
            SameDiff sd,
            String name,
            SDVariable tokens,
            int dim,
            Experts experts,
            TopKSelection selection,
            List<SDVariable> kept,
            DataType dataType) {
        int k = selection.k();
        int count = experts.count();
        List<SDVariable> partitionParts = new ArrayList<>(k);
        List<SDVariable> gateParts = new ArrayList<>(k);
        for (int round = 0; round < k; round++) {
            SDVariable expert = selection.experts().get(round).castTo(dataType);
            SDVariable gate = selection.gates().get(round);
            if (kept != null) {
                SDVariable served = kept.get(round);
                // a dropped assignment goes to partition E, which no expert computes
                expert = expert.mul(served).add(served.rsub(1.0).mul((double) count));
                gate = gate.mul(served);
            }
            partitionParts.add(expert);
            gateParts.add(gate);
        }
        SDVariable partition = concatRounds(sd, partitionParts).castTo(DataType.INT32);
        SDVariable gates = concatRounds(sd, gateParts);
        SDVariable repeated = k == 1 ? tokens : sd.concat(0, nCopies(tokens, k));

        int partitions = kept == null ? count : count + 1;
        SDVariable assignmentCount = sd.sizeAt(partition, 0).castTo(DataType.INT32);
        SDVariable assignmentIndex = sd.range(
                sd.constant(name + "/dispatch/zero", Nd4j.scalar(0)),
                assignmentCount,
                sd.constant(name + "/dispatch/one", Nd4j.scalar(1)),
                DataType.INT32);
        // a 1-D integer partition: no gradient, and libnd4j's 1-D kernel does not leak (see RowGather)
        SDVariable[] indexParts = sd.dynamicPartition(assignmentIndex, partition, partitions);
        // Every expert also computes one zero pad row ahead of its assignments: an expert that no token chose would
        // otherwise get a [0, dim] input, whose matmul backward fails in ND4J 1.0.0-M2.1 ("NDArray::strideAt: Bad
        // size index requested"). Y = [pad_0; expert_0 rows; pad_1; expert_1 rows; ...; zero row for the dropped].
        SDVariable padRow = sd.constant(name + "/dispatch/padRow", Nd4j.zeros(dataType, 1, dim));
        List<SDVariable> blocks = new ArrayList<>(partitions);
        for (int e = 0; e < count; e++) {
            blocks.add(experts.apply(sd, e, sd.concat(0, padRow, RowGather.of(sd, repeated, indexParts[e]))));
        }
        if (kept != null) {
            blocks.add(sd.constant(name + "/dispatch/droppedRow", Nd4j.zeros(dataType, 1, dim)));
        }
        SDVariable expertRows = sd.concat(0, blocks.toArray(new SDVariable[0]));
        SDVariable stitched = RowGather.of(
                sd, expertRows, rowOfAssignment(sd, name, partition, count, partitions, dataType)); // [kT, dim]
        SDVariable ones = sd.constant(name + "/dispatch/onesRow", Nd4j.ones(dataType, 1, dim));
        SDVariable weighted = stitched.mul(gates.reshape(-1, 1).mmul(ones));
        if (k == 1) {
            return weighted;
        }
        return weighted.reshape(k, -1, dim).sum(0);
    }

    /**
     * For each assignment, its row in Y (see {@link #combine}): 1 + the rows of the experts before its own (each
     * with its pad row) + its rank among its expert's assignments; a dropped assignment gets Y's last row (zeros).
     * Integer arithmetic in floating point (exact below 2^24 assignments) from the one-hot of the partition;
     * the result is cast to INT32, so no gradient flows through it.
     */
    private static SDVariable rowOfAssignment(
            SameDiff sd, String name, SDVariable partition, int experts, int partitions, DataType dataType) {
        SDVariable oneHot = sd.oneHot(partition, partitions, -1, 1.0, 0.0, dataType); // [kT, P]
        double[] served = new double[partitions];
        java.util.Arrays.fill(served, 0, experts, 1.0);
        SDVariable servedColumns = sd.constant(
                name + "/dispatch/servedColumns",
                Nd4j.createFromArray(new double[][] {served}).castTo(dataType));
        // rank within the partition, from 0; -1 for a dropped assignment
        SDVariable rank = sd.cumsum(oneHot, false, false, 0)
                .mul(oneHot)
                .mul(servedColumns)
                .sum(1)
                .sub(1.0);
        SDVariable blockRows = oneHot.sum(true, 0).add(1.0); // [1, P]: assignments + the pad row
        SDVariable firstRow = sd.cumsum(blockRows, true, false, 1).add(1.0); // exclusive: after the pad row
        return oneHot.mul(firstRow).sum(1).add(rank).castTo(DataType.INT32);
    }

    private static SDVariable concatRounds(SameDiff sd, List<SDVariable> rounds) {
        return rounds.size() == 1 ? rounds.get(0) : sd.concat(0, rounds.toArray(new SDVariable[0]));
    }

    private static SDVariable[] nCopies(SDVariable x, int n) {
        SDVariable[] copies = new SDVariable[n];
        java.util.Arrays.fill(copies, x);
        return copies;
    }
}
