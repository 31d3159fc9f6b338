package org.moeworkbench.engine.moe;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The k experts of every token, by k rounds of argmax over the routing probabilities with the chosen
 * expert masked out after each round. (ND4J 1.0.0-M2.1's {@code topK} ignores k and has no gradient.)
 * Ties go to the lower expert index, as argmax does.
 *
 * @param experts  per round r, [T] LONG: the r-th choice of each token
 * @param oneHots  per round r, [T, E] one-hot of {@code experts.get(r)} in the layer's float type
 * @param rawGates per round r, [T]: the routing probability of the chosen expert (gradient flows here)
 * @param gates    per round r, [T]: {@code rawGates} renormalised over the k chosen when k > 1
 */
record TopKSelection(
        List<SDVariable> experts, List<SDVariable> oneHots, List<SDVariable> rawGates, List<SDVariable> gates) {

    static TopKSelection select(SameDiff sd, SDVariable probs, int experts, int k, DataType dataType) {
        List<SDVariable> chosen = new ArrayList<>(k);
        List<SDVariable> oneHots = new ArrayList<>(k);
        List<SDVariable> raw = new ArrayList<>(k);
        SDVariable remaining = probs;
        for (int round = 0; round < k; round++) {
            SDVariable expert = sd.argmax(remaining, 1);
            SDVariable oneHot = sd.oneHot(expert, experts, -1, 1.0, 0.0, dataType);
            chosen.add(expert);
            oneHots.add(oneHot);
            raw.add(probs.mul(oneHot).sum(1));
            if (round + 1 < k) {
                // probabilities lie in [0, 1]: subtracting 2 puts a chosen expert below every other
                remaining = remaining.sub(oneHot.mul(2.0));
            }
        }
        List<SDVariable> gates = raw;
        if (k > 1) {
            SDVariable total = raw.get(0);
            for (int round = 1; round < k; round++) {
                total = total.add(raw.get(round));
            }
            gates = new ArrayList<>(k);
            for (SDVariable gate : raw) {
                gates.add(gate.div(total));
            }
        }
        return new TopKSelection(List.copyOf(chosen), List.copyOf(oneHots), List.copyOf(raw), List.copyOf(gates));
    }

    int k() {
        return experts.size();
    }
}
