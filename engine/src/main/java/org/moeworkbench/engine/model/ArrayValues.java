package org.moeworkbench.engine.model;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies an array's values into Java arrays element by element from its buffer. {@code castTo} and {@code dup} would
 * allocate native arrays that only the garbage collector frees; on every training step that is how resident memory
 * crept up before (docs/bench.md, "Soak"). Arrays the graph produces are dense row-major; anything else is copied
 * once and the copy closed.
 */
final class ArrayValues {

    private ArrayValues() {}

    static float[] floats(INDArray array) {
        return read(array, (data, offset, n) -> {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = data.getFloat(offset + i);
            }
            return values;
        });
    }

    static double[] doubles(INDArray array) {
        return read(array, (data, offset, n) -> {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = data.getDouble(offset + i);
            }
            return values;
        });
    }

    static long[] longs(INDArray array) {
        return read(array, (data, offset, n) -> {
            long[] values = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = data.getLong(offset + i);
            }
            return values;
        });
    }

    private interface Reader<T> {
        T read(DataBuffer data, long offset, int length);
    }

    private static <T> T read(INDArray array, Reader<T> reader) {
        int n = Math.toIntExact(array.length());
        boolean dense = array.ordering() == 'c' && !array.isView();
        if (dense) {
            return reader.read(array.data(), array.offset(), n);
        }
        try (INDArray copy = array.dup('c')) {
            return reader.read(copy.data(), copy.offset(), n);
        }
    }
}
