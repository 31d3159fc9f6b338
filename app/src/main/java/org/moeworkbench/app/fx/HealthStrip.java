package org.moeworkbench.app.fx;

import java.util.List;
import java.util.Locale;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.moeworkbench.engine.moe.CollapseWatch;
import org.moeworkbench.engine.moe.RoutingHealth;

/**
 * One line of routing health per MoE layer of a training (the last step's numbers, docs/analysis.md "MoE health"),
 * coloured by how many experts the layer really uses, and above them the training's health alarms, explained. The
 * Queue and Live routing views show one for the run they follow.
 */
public final class HealthStrip extends VBox {
    /** Effective experts / E at or above this is healthy (green); at or above {@link #WEAK} amber; below red. */
    static final double HEALTHY = 0.75;

    static final double WEAK = 0.5;

    private final Label alarm = new Label();
    private final VBox layers = new VBox(2);
    private final Label empty = new Label();
    private ObservableValue<List<RoutingHealth>> health;
    private ObservableList<CollapseWatch.Alarm> alarms;
    private final ChangeListener<List<RoutingHealth>> onHealth = (obs, old, now) -> showLayers(now);
    private final ListChangeListener<CollapseWatch.Alarm> onAlarm = change -> showAlarm();

    public HealthStrip() {
        super(4);
        setId("health-strip");
        alarm.setId("health-alarm");
        alarm.setWrapText(true);
        alarm.setMaxWidth(Double.MAX_VALUE);
        alarm.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // wrap onto a second line, never cut off
        // AtlantaFX's colour variables, so the alarm follows the light and dark theme
        alarm.setStyle("-fx-background-color: -color-danger-subtle; -fx-text-fill: -color-danger-fg;"
                + " -fx-padding: 6 8; -fx-background-radius: 4; -fx-font-weight: bold;");
        empty.setId("health-empty");
        empty.setWrapText(true);
        getChildren().addAll(alarm, layers, empty);
        follow(null, null, true);
    }

    /**
     * Shows {@code health} and {@code alarms} of one training from now on (null: none); {@code moe} false says the
     * model is dense.
     */
    public void follow(
            ObservableValue<List<RoutingHealth>> health, ObservableList<CollapseWatch.Alarm> alarms, boolean moe) {
        if (this.health != null) {
            this.health.removeListener(onHealth);
        }
        if (this.alarms != null) {
            this.alarms.removeListener(onAlarm);
        }
        this.health = health;
        this.alarms = alarms;
        empty.setText(
                moe
                        ? "Routing health of each MoE layer appears here after the first training step: effective experts,"
                                + " the busiest expert's share, load spread, gate entropy and drops; an alarm shows here if a"
                                + " layer collapses onto one expert or an expert dies."
                        : "A dense model has no routing to watch.");
        if (health != null) {
            health.addListener(onHealth);
        }
        if (alarms != null) {
            alarms.addListener(onAlarm);
        }
        showLayers(health == null ? List.of() : health.getValue());
        showAlarm();
    }

    private void showAlarm() {
        List<CollapseWatch.Alarm> raised = alarms == null ? List.of() : List.copyOf(alarms);
        boolean any = !raised.isEmpty();
        alarm.setVisible(any);
        alarm.setManaged(any);
        if (any) {
            CollapseWatch.Alarm last = raised.get(raised.size() - 1);
            alarm.setText("\u26a0 " + last.message()
                    + (raised.size() > 1
                            ? " (" + (raised.size() - 1) + " earlier alarm" + (raised.size() > 2 ? "s" : "")
                                    + " in this run)"
                            : ""));
        }
    }

    private void showLayers(List<RoutingHealth> now) {
        List<RoutingHealth> shown = now == null ? List.of() : now;
        layers.getChildren().clear();
        empty.setVisible(shown.isEmpty());
        empty.setManaged(shown.isEmpty());
        for (RoutingHealth h : shown) {
            layers.getChildren().add(row(h));
        }
    }

    /** "Block 5: 3.80 of 4 effective experts, busiest expert 2 at 39%, ..." with a status dot. */
    static String describe(RoutingHealth h) {
        return String.format(
                Locale.ROOT,
                "Block %d: %.2f of %d effective experts \u00b7 busiest expert %d at %.0f%% \u00b7 load CV %.2f"
                        + " \u00b7 gate entropy %s of %.2f nats \u00b7 dropped %.1f%% \u00b7 %d dead",
                h.block(),
                h.effectiveExperts(),
                h.experts(),
                h.busiestExpert(),
                100 * h.maxShare(),
                h.cv(),
                Double.isFinite(h.gateEntropy()) ? String.format(Locale.ROOT, "%.2f", h.gateEntropy()) : "-",
                Math.log(h.experts()),
                100 * h.dropRate(),
                h.deadExperts());
    }

    /** healthy, weak or collapsed, from the share of experts the layer effectively uses. */
    static String status(RoutingHealth h) {
        double used = h.effectiveExperts() / Math.max(1, h.experts());
        if (h.experts() <= 1 || used >= HEALTHY) {
            return "healthy";
        }
        return used >= WEAK && h.deadExperts() == 0 ? "weak" : "collapsed";
    }

    private Label row(RoutingHealth h) {
        Label dot = new Label("\u25cf");
        String status = status(h);
        dot.setStyle(
                switch (status) {
                    case "healthy" -> "-fx-text-fill: -color-success-fg;";
                    case "weak" -> "-fx-text-fill: -color-warning-fg;";
                    default -> "-fx-text-fill: -color-danger-fg;";
                });
        Label text = new Label(describe(h), dot);
        text.setId("health-block-" + h.block());
        text.getStyleClass().add("health-" + status);
        text.setWrapText(true);
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        text.setTooltip(Charts.tip("Effective experts: exp of the entropy of the load, E when every expert takes an"
                + " equal share, 1 when one takes all. Load CV: standard deviation over mean of the shares (0 ="
                + " balanced). Gate entropy: mean entropy of the router's softmax per token (ln E = undecided, 0 ="
                + " certain). Dropped: assignments over the expert capacity. Dead: experts with no token this step."
                + " Status: " + status + " (green at " + Math.round(100 * HEALTHY) + "% of the experts or more, amber"
                + " at " + Math.round(100 * WEAK) + "%)."));
        return text;
    }

    /** For tests: the lines shown, one per layer. */
    public List<String> lines() {
        return layers.getChildren().stream().map(n -> ((Label) n).getText()).toList();
    }

    /** For tests: the alarm text, empty when none is shown. */
    public String alarmText() {
        return alarm.isVisible() ? alarm.getText() : "";
    }
}
