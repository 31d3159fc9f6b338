package org.moeworkbench.engine.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.config.ExecutionResult;
import org.nd4j.autodiff.samediff.config.SDValue;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * ND4J's inference session that forgets, after each run, which arrays it handed back to the memory manager.
 *
 * <p>Why: in ND4J 1.0.0-M2.1 {@code InferenceSession.freedArrays} (the ids of arrays already released, so that none
 * is released twice) is never cleared. It gained ~850 ids a training step of the default model, ~52 KB of Java heap a
 * step, until the 20-epoch Fashion-MNIST demo ran out of a 384 MB heap at step 7,540 (found with a heap dump: the
 * training session's set held 267,094 ids after 330 steps). The ids only matter within one run: every array the
 * session gets from the memory manager carries a new id ({@link ArrayPool} assigns one on reuse), so an id from an
 * earlier run never comes back.
 */
final class RunScopedInferenceSession extends InferenceSession {
    RunScopedInferenceSession(SameDiff sameDiff) {
        super(sameDiff);
    }

    @Override
    public ExecutionResult output(
            List<String> variables,
            Map<String, INDArray> placeholderValues,
            Map<String, SDValue> otherPlaceHolderValues,
            MultiDataSet batch,
            Collection<String> requiredActivations,
            List<Listener> listeners,
            At at) {
        try {
            return super.output(
                    variables, placeholderValues, otherPlaceHolderValues, batch, requiredActivations, listeners, at);
        } finally {
            freedArrays.clear();
        }
    }
}
