package org.moeworkbench.engine.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Wall time per op type of a SameDiff graph (forward and backward ops separately, the backward ones end in
 * {@code _bp}), for {@code moe bench --profile}: where a training step spends its time.
 */
public final class OpTimingListener extends BaseListener {

    /** Total time and calls of one op type. */
    public record OpTime(String op, long calls, double seconds) {}

    private final Map<String, long[]> totals = new HashMap<>(); // op -> {calls, nanos}
    private long started;

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        started = System.nanoTime();
    }

    @Override
    public void opExecution(
            SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext, INDArray[] outputs) {
        long elapsed = System.nanoTime() - started;
        long[] t = totals.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
        t[0]++;
        t[1] += elapsed;
    }

    /** Op types by total time, largest first. */
    public List<OpTime> byTime() {
        List<OpTime> list = new ArrayList<>();
        totals.forEach((op, t) -> list.add(new OpTime(op, t[0], t[1] / 1e9)));
        list.sort((a, b) -> Double.compare(b.seconds(), a.seconds()));
        return list;
    }

    public void reset() {
        totals.clear();
    }
}
