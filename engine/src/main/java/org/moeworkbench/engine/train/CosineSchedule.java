package org.moeworkbench.engine.train;

/**
 * Learning rate per step: linear warmup from peak/warmupSteps to the peak over the first warmupSteps
 * steps, then half a cosine from the peak down to 0 at totalSteps.
 */
public record CosineSchedule(double peak, int warmupSteps, int totalSteps) {
    public CosineSchedule {
        if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("schedule needs peak > 0 and 0 <= warmupSteps (" + warmupSteps
                    + ") <= totalSteps (" + totalSteps + "), peak " + peak);
        }
    }

    /** The schedule of a run: warmup given in (fractional) epochs. */
    public static CosineSchedule of(double peak, double warmupEpochs, int epochs, int stepsPerEpoch) {
        int total = Math.max(1, epochs * stepsPerEpoch);
        int warmup = (int) Math.min(total, Math.round(warmupEpochs * stepsPerEpoch));
        return new CosineSchedule(peak, warmup, total);
    }

    /** Rate of the 0-based step. */
    public double rate(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        long decaySteps = totalSteps - warmupSteps;
        if (decaySteps <= 0) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return 0.5 * peak * (1 + Math.cos(Math.PI * progress));
    }
}
