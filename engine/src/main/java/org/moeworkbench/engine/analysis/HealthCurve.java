package org.moeworkbench.engine.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The routing health of one MoE layer over a training, from the {@code health} arrays of metrics.jsonl's step and
 * epoch lines (docs/analysis.md, "MoE health"). NaN where a line lacks a value.
 *
 * @param block                 global block index of the layer
 * @param steps                 step lines: steps done
 * @param maxShare              step lines: largest expert share of the step's assignments
 * @param cv                    step lines: coefficient of variation of the load
 * @param effectiveExperts      step lines: exp(entropy of the load)
 * @param gateEntropy           step lines: mean per-token entropy of the router's softmax (nats)
 * @param dropRate              step lines: share of assignments dropped by the capacity
 * @param routerZ               step lines: mean logsumexp(logits)^2
 * @param epochs                epoch lines: epochs done
 * @param epochMaxShare         epoch lines: largest expert share over the epoch's steps
 * @param epochCv               epoch lines: coefficient of variation of the epoch's load
 * @param epochEffectiveExperts epoch lines: effective experts of the epoch's load
 * @param epochUtilisation      epoch lines: share of experts with at least half the uniform load
 * @param epochDeadExperts      epoch lines: experts with no assignment in the whole epoch
 * @param epochGateEntropy      epoch lines: mean gate entropy
 * @param epochDropRate         epoch lines: mean drop rate
 */
public record HealthCurve(
        int block,
        long[] steps,
        double[] maxShare,
        double[] cv,
        double[] effectiveExperts,
        double[] gateEntropy,
        double[] dropRate,
        double[] routerZ,
        int[] epochs,
        double[] epochMaxShare,
        double[] epochCv,
        double[] epochEffectiveExperts,
        double[] epochUtilisation,
        int[] epochDeadExperts,
        double[] epochGateEntropy,
        double[] epochDropRate) {

    /** One curve per MoE layer, in block order; empty for a dense run or a run logged before health existed. */
    static List<HealthCurve> read(List<JsonNode> stepLines, List<JsonNode> epochLines) {
        Map<Integer, List<JsonNode[]>> stepsByBlock = byBlock(stepLines);
        Map<Integer, List<JsonNode[]>> epochsByBlock = byBlock(epochLines);
        List<HealthCurve> curves = new ArrayList<>();
        for (int block : stepsByBlock.keySet()) {
            List<JsonNode[]> s = stepsByBlock.get(block);
            List<JsonNode[]> e = epochsByBlock.getOrDefault(block, List.of());
            curves.add(new HealthCurve(
                    block,
                    s.stream().mapToLong(p -> p[0].path("step").asLong()).toArray(),
                    column(s, "maxShare"),
                    column(s, "cv"),
                    column(s, "effectiveExperts"),
                    column(s, "gateEntropy"),
                    column(s, "dropRate"),
                    column(s, "routerZ"),
                    e.stream().mapToInt(p -> p[0].path("epoch").asInt()).toArray(),
                    column(e, "maxShare"),
                    column(e, "cv"),
                    column(e, "effectiveExperts"),
                    column(e, "utilisation"),
                    e.stream().mapToInt(p -> p[1].path("deadExperts").asInt()).toArray(),
                    column(e, "gateEntropy"),
                    column(e, "dropRate")));
        }
        return curves;
    }

    /**
     * The {@code health} array of one step line as the training computed it, with the line's {@code expertLoad} per
     * layer (a run followed through its files shows it as the listener would have).
     */
    public static List<org.moeworkbench.engine.moe.RoutingHealth> stepHealth(JsonNode line, List<double[]> loads) {
        List<org.moeworkbench.engine.moe.RoutingHealth> layers = new ArrayList<>();
        int i = 0;
        for (JsonNode layer : line.path("health")) {
            double[] load = i < loads.size() ? loads.get(i) : new double[0];
            double[] served = new double[layer.path("served").size()];
            for (int e = 0; e < served.length; e++) {
                served[e] = layer.path("served").get(e).asDouble();
            }
            layers.add(org.moeworkbench.engine.moe.RoutingHealth.of(
                    layer.path("block").asInt(),
                    load,
                    served.length == load.length ? served : load,
                    TrainingCurves.number(layer, "gateEntropy"),
                    TrainingCurves.number(layer, "dropRate"),
                    TrainingCurves.number(layer, "routerZ"),
                    TrainingCurves.number(layer, "logitRms"),
                    layer.path("deadExperts").asInt()));
            i++;
        }
        return layers;
    }

    /** Per block, the (line, layer object) pairs in file order. */
    private static Map<Integer, List<JsonNode[]>> byBlock(List<JsonNode> lines) {
        Map<Integer, List<JsonNode[]>> out = new LinkedHashMap<>();
        for (JsonNode line : lines) {
            for (JsonNode layer : line.path("health")) {
                out.computeIfAbsent(layer.path("block").asInt(), b -> new ArrayList<>())
                        .add(new JsonNode[] {line, layer});
            }
        }
        return out;
    }

    private static double[] column(List<JsonNode[]> pairs, String field) {
        ToDoubleFunction<JsonNode[]> value = p -> TrainingCurves.number(p[1], field);
        return pairs.stream().mapToDouble(value).toArray();
    }
}
