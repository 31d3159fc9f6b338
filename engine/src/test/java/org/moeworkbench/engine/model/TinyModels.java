package org.moeworkbench.engine.model;

import java.util.List;
import java.util.Random;
import org.moeworkbench.engine.config.ConfigChoice;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Pooling;
import org.moeworkbench.engine.config.Router;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Tiny backbones and batches that keep ND4J tests fast on a shared 2-core machine. */
final class TinyModels {

    private TinyModels() {}

    /** Hierarchical ConvNeXt on 16x16: stages at 8, 4, 2, 1 pixels. */
    static ModelConfig convnext() {
        return ModelConfig.convnext(List.of(1, 1, 2, 1), List.of(8, 12, 16, 16), 2, 2.0, 3, 1e-6);
    }

    static ModelConfig isotropic() {
        return new ModelConfig(
                "custom", Family.CONVNEXT_ISOTROPIC, List.of(3), List.of(12), 4, 0, 2.0, 3, Pooling.MEAN, 1e-6);
    }

    static ModelConfig vit(String pooling) {
        return new ModelConfig(
                "custom",
                Family.VIT,
                List.of(3),
                List.of(12),
                4,
                2,
                2.0,
                0,
                ConfigChoice.parse(Pooling.class, pooling),
                0);
    }

    static MoeConfig moe(int experts, int k, String placement) {
        return new MoeConfig(
                experts,
                k,
                ConfigChoice.parse(Placement.class, placement),
                List.of(),
                Router.LINEAR,
                8,
                2.0,
                0,
                0.01,
                0,
                false,
                0.05);
    }

    /** Seeded images [n, c, size, size]. */
    /** Losses of {@code steps} training steps on one fixed batch of 8 images of {@code size} px, 3 classes. */
    static double[] fitFixedBatch(Network net, int size, int steps, double lr) {
        INDArray x = images(8, 3, size, 1, DataType.FLOAT);
        INDArray y = oneHot(8, 3, 2, DataType.FLOAT);
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            losses[i] = net.trainStep(x, y, lr).loss();
        }
        return losses;
    }

    static INDArray images(int n, int channels, int size, long seed, DataType dtype) {
        Random r = new Random(seed);
        double[] v = new double[n * channels * size * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return Nd4j.create(v, new long[] {n, channels, size, size}, dtype);
    }

    /** Seeded one-hot targets [n, classes]. */
    static INDArray oneHot(int n, int classes, long seed, DataType dtype) {
        Random r = new Random(seed);
        INDArray t = Nd4j.zeros(dtype, n, classes);
        for (int i = 0; i < n; i++) {
            t.putScalar(i, r.nextInt(classes), 1.0);
        }
        return t;
    }
}
