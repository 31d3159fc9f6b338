package org.moeworkbench.engine.moe;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.imports.converters.DifferentialFunctionClassHolder;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rows of a matrix picked by an index vector ({@code gather} on axis 0), with a gradient that is one native
 * {@code scatter_add} into zeros.
 *
 * <p>Why not {@code sd.gather}: in ND4J 1.0.0-M2.1 its gradient is a SameDiff while-loop that puts one row per
 * iteration, and it fails ("Output array did not match expected shape") when the indices are computed in the
 * graph. Why not {@code dynamicPartition} / {@code dynamicStitch} / {@code unsortedSegmentSum} on rows: libnd4j's
 * kernels of those ops take the rows through {@code NDArray::allTensorsAlongDimension}, whose views are never
 * freed, and {@code dynamic_partition_bp} and {@code unsorted_segment_sum} also leak a temporary array per call:
 * 3-16 MB of native memory per training step of an MoE model (jemalloc heap profile, docs/bench.md "Soak"), which
 * took a 5-epoch Fashion-MNIST run to 24 GB. {@code gather} and {@code scatter_add} use cached TAD packs and leak
 * nothing.
 *
 * <p>SameDiff copies every op of a graph into its gradient function by op name ({@code FlatBuffersMapper
 * .cloneViaSerialize}), which would turn this class back into a plain {@link Gather}; {@link #register} maps the
 * name "gather" to this class for that copy. For any axis but 0 the gradient is {@link Gather}'s own.
 */
public final class RowGather extends Gather {
    private static volatile boolean registered;

    /** For SameDiff's op copies (reflection). */
    public RowGather() {}

    private RowGather(SameDiff sd, SDVariable matrix, SDVariable rows) {
        super(sd, matrix, rows, 0, false);
    }

    /** {@code matrix[rows]}: [rows.length, ...] from an [n, ...] matrix and an INT32 or INT64 index vector. */
    static SDVariable of(SameDiff sd, SDVariable matrix, SDVariable rows) {
        register();
        return new RowGather(sd, matrix, rows).outputVariable();
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        if (jaxis != 0) {
            return super.doDiff(gradients);
        }
        SDVariable matrix = arg(0);
        SDVariable rows = arg(1);
        SDVariable matrixGradient =
                new ScatterAdd(sameDiff, sameDiff.zerosLike(matrix), rows, gradients.get(0)).outputVariable();
        return Arrays.asList(matrixGradient, sameDiff.zerosLike(rows));
    }

    /** Makes SameDiff's op copies of "gather" instances of this class (see the class comment). */
    static synchronized void register() {
        if (registered) {
            return;
        }
        try {
            var field = DifferentialFunctionClassHolder.class.getDeclaredField("customOpHashToClasses");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<Long, Map<String, Class<?>>> byHash =
                    (Map<Long, Map<String, Class<?>>>) field.get(DifferentialFunctionClassHolder.getInstance());
            long hash =
                    Nd4j.getExecutioner().getCustomOperations().get("gather").getHash();
            byHash.computeIfAbsent(hash, h -> new HashMap<>()).put("gather", RowGather.class);
            registered = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot register the row gather with ND4J's op registry " + "(this build expects ND4J 1.0.0-M2.1): "
                            + e,
                    e);
        }
    }
}
