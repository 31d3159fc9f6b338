package org.moeworkbench.engine.moe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Raises the MoE health alarms of a training: a layer has <b>collapsed</b> when one expert takes more than {@code
 * share} of its assignments for {@code steps} training steps in a row (raised once, re-armed when the share falls
 * back); an expert is <b>dead</b> when it got no assignment over a whole epoch (raised once per layer and expert).
 */
public final class CollapseWatch {

    /** What an alarm says, for metrics.jsonl, the console and the app. */
    public record Alarm(String kind, int block, int expert, double share, long step, int epoch, String message) {
        public static final String COLLAPSE = "collapse";
        public static final String DEAD = "dead";
    }

    private final double share;
    private final int steps;
    private final Map<Integer, Integer> runLength = new HashMap<>();
    private final Set<Integer> raised = new HashSet<>();
    private final Set<String> deadRaised = new HashSet<>();

    public CollapseWatch(double share, int steps) {
        this.share = share;
        this.steps = steps;
    }

    /** One training step's health; returns the alarms it raises (usually none). */
    public List<Alarm> step(long step, int epoch, List<RoutingHealth> layers) {
        List<Alarm> alarms = new ArrayList<>();
        if (share >= 1) {
            return alarms;
        }
        for (RoutingHealth layer : layers) {
            int block = layer.block();
            if (layer.maxShare() > share) {
                int run = runLength.merge(block, 1, Integer::sum);
                if (run >= steps && raised.add(block)) {
                    int expert = layer.busiestExpert();
                    alarms.add(new Alarm(
                            Alarm.COLLAPSE,
                            block,
                            expert,
                            layer.maxShare(),
                            step,
                            epoch,
                            String.format(
                                    java.util.Locale.ROOT,
                                    "routing collapse in block %d: expert %d took %.0f%% of the assignments (over"
                                            + " %.0f%%) for %d steps in a row, up to step %d; the other experts"
                                            + " barely train. Raise moe.balanceWeight, add moe.routerNoise or lower"
                                            + " the learning rate (threshold: moe.collapseShare, moe.collapseSteps)",
                                    block,
                                    expert,
                                    100 * layer.maxShare(),
                                    100 * share,
                                    run,
                                    step)));
                }
            } else {
                runLength.put(block, 0);
                raised.remove(block);
            }
        }
        return alarms;
    }

    /** An epoch's health (loads summed over its steps); returns an alarm per newly dead expert. */
    public List<Alarm> epoch(long step, int epoch, List<RoutingHealth> layers) {
        List<Alarm> alarms = new ArrayList<>();
        for (RoutingHealth layer : layers) {
            double[] load = layer.load();
            for (int e = 0; e < load.length; e++) {
                if (load[e] == 0 && deadRaised.add(layer.block() + ":" + e)) {
                    alarms.add(new Alarm(
                            Alarm.DEAD,
                            layer.block(),
                            e,
                            0,
                            step,
                            epoch,
                            "dead expert in block " + layer.block() + ": expert " + e + " got no token in epoch "
                                    + epoch + "; its weights no longer train. Raise moe.balanceWeight or add"
                                    + " moe.routerNoise"));
                }
            }
        }
        return alarms;
    }
}
