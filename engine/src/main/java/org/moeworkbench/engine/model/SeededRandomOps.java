package org.moeworkbench.engine.model;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.random.BaseRandomOp;
import org.nd4j.linalg.api.ops.random.custom.RandomNormal;

/**
 * Seeds every random op of the graph (router noise) from the step seed and the op's name. SameDiff's op
 * contexts keep their own generator state, which {@code Nd4j.getRandom().setSeed} does not reset, so without
 * this two identically seeded runs draw different noise.
 */
final class SeededRandomOps extends BaseListener {
    private long stepSeed;

    void setStepSeed(long stepSeed) {
        this.stepSeed = stepSeed;
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        if (opContext != null && (op.getOp() instanceof RandomNormal || op.getOp() instanceof BaseRandomOp)) {
            long h = mix(stepSeed ^ op.getName().hashCode());
            opContext.setRngStates(h, mix(h));
        }
    }

    private static long mix(long z) { // SplitMix64 finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
