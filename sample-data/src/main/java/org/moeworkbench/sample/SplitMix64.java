package org.moeworkbench.sample;

/**
 * SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and fully specified here, so the same seed gives
 * the same numbers on every JVM (java.util.SplittableRandom does not promise its algorithm).
 */
public final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator for item {@code index} of a stream seeded with {@code seed}, independent of the others. */
    public static SplitMix64 forItem(long seed, long index) {
        return new SplitMix64(mix(mix(seed) + GOLDEN_GAMMA * (index + 1)));
    }

    /** The SplitMix64 finaliser: a strong 64-bit bit mixer. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, bound), bound >= 1 (multiply-shift; the bias is below 2^-31 for small bounds). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound = " + bound + ": expected a positive bound");
        }
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** True with probability p. */
    public boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Uniform in [lo, hi). */
    public double between(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Standard normal (Box-Muller, one value per call). */
    public double nextGaussian() {
        double u = 1.0 - nextDouble();
        double v = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** An index drawn with probability proportional to {@code weights[i]} (weights >= 0, sum > 0). */
    public int pick(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
