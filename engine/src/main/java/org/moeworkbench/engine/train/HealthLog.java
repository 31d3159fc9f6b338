package org.moeworkbench.engine.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.moe.CollapseWatch;
import org.moeworkbench.engine.moe.RoutingHealth;
import org.moeworkbench.engine.run.MetricsLog;

/**
 * A training's MoE health bookkeeping (docs/analysis.md "MoE health"): the {@code health} arrays of step and epoch
 * lines, the epoch's running steps, and the alarms ({@link CollapseWatch}) written as {@code alarm} lines and told to
 * the listener.
 */
final class HealthLog {
    private final CollapseWatch watch;
    private final MetricsLog metrics;
    private final TrainingListener listener;
    /** Per step of the current epoch (since the start or resume), per MoE layer. */
    private final List<List<RoutingHealth>> epochSteps = new ArrayList<>();

    HealthLog(MoeConfig moe, MetricsLog metrics, TrainingListener listener) {
        this.watch = new CollapseWatch(moe.collapseShare(), moe.collapseSteps());
        this.metrics = metrics;
        this.listener = listener;
    }

    /** One training step's health (empty for a dense model): kept for the epoch, checked for a collapse. */
    void step(long globalStep, int epoch, List<RoutingHealth> health) throws IOException {
        if (!health.isEmpty()) {
            epochSteps.add(health);
            raise(watch.step(globalStep, epoch, health));
        }
    }

    /** Puts the epoch's health on its line, then checks it for dead experts (after the line, as before). */
    List<RoutingHealth> endEpoch(ObjectNode epochLine) {
        List<RoutingHealth> layers = new ArrayList<>();
        for (int layer = 0; !epochSteps.isEmpty() && layer < epochSteps.get(0).size(); layer++) {
            List<RoutingHealth> steps = new ArrayList<>(epochSteps.size());
            for (List<RoutingHealth> step : epochSteps) {
                steps.add(step.get(layer));
            }
            layers.add(RoutingHealth.mean(steps));
        }
        epochSteps.clear();
        put(epochLine, layers);
        return layers;
    }

    /** The dead-expert alarms of an epoch's health, once its line is written. */
    void checkEpoch(long globalStep, int epoch, List<RoutingHealth> layers) throws IOException {
        raise(watch.epoch(globalStep, epoch, layers));
    }

    /** Writes each alarm to metrics.jsonl and tells the listener. */
    private void raise(List<CollapseWatch.Alarm> alarms) throws IOException {
        for (CollapseWatch.Alarm alarm : alarms) {
            ObjectNode line = MetricsLog.line("alarm");
            line.put("kind", alarm.kind());
            line.put("block", alarm.block());
            line.put("expert", alarm.expert());
            line.put("share", alarm.share());
            line.put("step", alarm.step());
            line.put("epoch", alarm.epoch());
            line.put("message", alarm.message());
            metrics.append(line);
            listener.alarm(alarm);
        }
    }

    /** The {@code health} array of a step or epoch line (docs/formats.md): one object per MoE layer. */
    static void put(ObjectNode line, List<RoutingHealth> layers) {
        if (layers.isEmpty()) {
            return;
        }
        ArrayNode out = line.putArray("health");
        for (RoutingHealth h : layers) {
            ObjectNode layer = out.addObject();
            layer.put("block", h.block());
            layer.put("minShare", h.minShare());
            layer.put("maxShare", h.maxShare());
            layer.put("cv", h.cv());
            layer.put("utilisation", h.utilisation());
            layer.put("deadExperts", h.deadExperts());
            number(layer, "gateEntropy", h.gateEntropy());
            layer.put("loadEntropy", h.loadEntropy());
            layer.put("effectiveExperts", h.effectiveExperts());
            layer.put("dropRate", h.dropRate());
            number(layer, "routerZ", h.routerZ());
            number(layer, "logitRms", h.logitRms());
            ArrayNode served = layer.putArray("served");
            for (double share : h.served()) {
                served.add(share);
            }
        }
    }

    private static void number(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }
}
