package org.moeworkbench.engine.moe;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Initial weights from a seed of their own, so a layer's weights do not depend on ND4J's global
 * random state or on what was built before it.
 */
final class SeededInit {

    /** Standard deviation of the truncated normal used for linear weights (ConvNeXt / ViT / timm). */
    static final double WEIGHT_STD = 0.02;

    private final SplittableRandom random;
    private final DataType dataType;

    SeededInit(long seed, DataType dataType) {
        this.random = new SplittableRandom(seed);
        this.dataType = dataType;
    }

    /** Normal(0, std) truncated at two standard deviations (redrawn beyond), as timm's trunc_normal_. */
    INDArray truncatedNormal(double std, long rows, long cols) {
        double[] values = new double[Math.toIntExact(rows * cols)];
        for (int i = 0; i < values.length; i++) {
            double z;
            do {
                z = gaussian();
            } while (Math.abs(z) > 2.0);
            values[i] = z * std;
        }
        return Nd4j.createFromArray(values).reshape(rows, cols).castTo(dataType);
    }

    INDArray zeros(long... shape) {
        return Nd4j.zeros(dataType, shape);
    }

    INDArray filled(double value, long... shape) {
        return Nd4j.zeros(dataType, shape).addi(value);
    }

    private double gaussian() {
        // Box-Muller: SplittableRandom has no nextGaussian in Java 17.
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
