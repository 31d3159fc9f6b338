package org.moeworkbench.engine.moe;

/**
 * The standard deviation of the truncated-normal initial weights of convolutions, linear layers and experts.
 *
 * <p>ConvNeXt and ViT (and timm) draw every weight with std 0.02, a value tuned for widths of 384 to 1024. The
 * models this workbench trains on a CPU are 24 to 192 wide, where 0.02 starves the residual branches: a PyTorch
 * twin of the default sample model reached 51.8% after two epochs with std 0.02 and 61.5% with PyTorch's default
 * fan-in scale (docs/bench.md, "Default run accuracy"). So a weight gets PyTorch's default scale, uniform bound
 * 1/sqrt(fan_in), i.e. std 1/sqrt(3 fan_in), whenever that is larger than 0.02; from a fan-in of 834 up (ImageNet
 * widths) the papers' 0.02 is unchanged. Routers, position embeddings and class tokens keep 0.02.
 */
public final class InitScale {
    /** The papers' std, and the floor of {@link #std}. */
    public static final double PAPER_STD = 0.02;

    private InitScale() {}

    /** The std of a weight with {@code fanIn} inputs per output (in x k x k for a convolution). */
    public static double std(long fanIn) {
        if (fanIn < 1) {
            throw new IllegalArgumentException("fanIn = " + fanIn + ": expected at least 1");
        }
        return Math.max(PAPER_STD, 1 / Math.sqrt(3.0 * fanIn));
    }
}
