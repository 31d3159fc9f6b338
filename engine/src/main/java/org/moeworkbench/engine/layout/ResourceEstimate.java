package org.moeworkbench.engine.layout;

import java.util.Locale;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.Stem;

/**
 * Memory a training of a layout needs at least, computed from the layout alone in floating point (so no size can
 * overflow) before anything is built or written: a config that cannot fit is refused with the estimate, the limit
 * and the fields to change, instead of building for minutes and failing.
 *
 * <p>It is a lower bound, deliberately: parameters in float32 with their gradient and two optimiser moments
 * (16 bytes each), the activations a batch keeps for the backward pass (about 8 floats per token and width plus
 * 4 per token and hidden unit of each expert a token visits, and the attention maps of a ViT), and
 * {@link #RUNTIME_BYTES} for the JVM and native libraries. Measured runs use more (the Fashion-MNIST demo: estimate
 * 1.1 GB, peak resident 2.2 GB), so a refused config would certainly not have fit.
 *
 * @param params          trainable parameters
 * @param parameterBytes  parameters, gradients and optimiser state
 * @param activationBytes activations of one training batch
 * @param totalBytes      the two plus the runtime
 */
public record ResourceEstimate(double params, double parameterBytes, double activationBytes, double totalBytes) {
    /** JVM heap in use, ND4J, oneDNN and OpenBLAS: what an empty training process holds. */
    public static final double RUNTIME_BYTES = 0.75 * (1L << 30);

    private static final double FLOAT = 4;
    private static final double STATE_PER_PARAM = 4 * FLOAT; // weight, gradient, Adam m and v

    public static ResourceEstimate of(BackboneLayout layout, int batchSize) {
        var model = layout.model();
        var moe = layout.moe();
        double params = 0;
        double activationsPerImage = 0;
        double p = model.patchSize();
        if (model.stem() == Stem.CONV) { // two convs, the first at full resolution
            double hidden = model.dims().get(0) / 2;
            double full = layout.tokenSide() * p;
            params += 9 * layout.channels() * hidden
                    + (2 * p - 1) * (2 * p - 1) * hidden * model.dims().get(0);
            activationsPerImage += full * full * 8 * hidden;
        } else {
            params += p * p * layout.channels() * model.dims().get(0);
        }
        for (BackboneLayout.Block block : layout.blocks()) {
            double d = block.dim();
            double h = block.hidden();
            double t = block.tokens();
            double mlp = 2 * d * h + h + d;
            double visits = 1;
            if (block.moe()) {
                params += moe.experts() * mlp + d * moe.experts();
                visits = moe.topK();
            } else {
                params += mlp;
            }
            if (model.family() == Family.VIT) {
                params += 4 * d * d;
                double heads = Math.max(1, model.heads());
                activationsPerImage += 3 * heads * t * t; // scores, softmax, its gradient
            } else {
                params += (double) model.kernelSize() * model.kernelSize() * d;
            }
            activationsPerImage += t * (8 * d + 4 * h * visits);
        }
        params += (double) layout.headDim() * layout.classes();
        double parameterBytes = params * STATE_PER_PARAM;
        double activationBytes = activationsPerImage * FLOAT * batchSize;
        return new ResourceEstimate(
                params, parameterBytes, activationBytes, parameterBytes + activationBytes + RUNTIME_BYTES);
    }

    /** "about 3.2 GB (params 1.2M: 0.02 GB with gradients and optimiser state; activations of a batch ...)". */
    public String describe(int batchSize) {
        return String.format(
                Locale.ROOT,
                "at least %s (%s params: %s with gradients and optimiser state; activations of a batch of %d: %s;"
                        + " runtime %s)",
                gigabytes(totalBytes),
                count(params),
                gigabytes(parameterBytes),
                batchSize,
                gigabytes(activationBytes),
                gigabytes(RUNTIME_BYTES));
    }

    static String gigabytes(double bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1L << 30));
    }

    private static String count(double n) {
        if (n >= 1e9) {
            return String.format(Locale.ROOT, "%.1fG", n / 1e9);
        }
        if (n >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.0fK", n / 1e3);
    }
}
