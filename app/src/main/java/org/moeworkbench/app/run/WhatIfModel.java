package org.moeworkbench.app.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.moeworkbench.app.common.BackgroundTasks;
import org.moeworkbench.engine.analysis.Percent;
import org.moeworkbench.engine.analysis.RoutingData;
import org.moeworkbench.engine.analysis.RunAnalysis;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.analysis.TrainingCurves;
import org.moeworkbench.engine.run.RoutingStore;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.WhatIf;

/**
 * The run view's what-if panel without its controls: which experts are off or pinned, k, capacity and router noise,
 * the evaluation in the background ({@link WhatIf}, cached in the run's whatif/ folder), its result and the routing
 * figures of the analysis images under the change.
 */
public final class WhatIfModel {
    /** What one expert does in the what-if. */
    public enum ExpertState {
        AS_TRAINED,
        OFF,
        PINNED
    }

    private final RunFiguresModel trained;
    private final BackgroundTasks tasks;
    /** Where progress updates go (the UI thread in the app). */
    private final java.util.concurrent.Executor ui;

    private final List<Integer> blocks;
    private final int experts;
    private final int trainedK;
    /** [layer][expert] */
    private final List<List<ObjectProperty<ExpertState>>> states = new ArrayList<>();

    private final ObjectProperty<Integer> topK = new SimpleObjectProperty<>();
    private final StringProperty capacity = new SimpleStringProperty("");
    private final StringProperty routerNoise = new SimpleStringProperty("");
    private final BooleanProperty wholeTestSplit = new SimpleBooleanProperty(false);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty(
            "Change the routing on the left and press Evaluate: the run's final weights are evaluated with the change"
                    + " and as trained, on the same images.");
    private final ObjectProperty<WhatIf.Result> result = new SimpleObjectProperty<>();
    private final ObjectProperty<RunFiguresModel> changedFigures = new SimpleObjectProperty<>();
    private CancellationToken cancel = new CancellationToken();

    public WhatIfModel(RunFiguresModel trained, BackgroundTasks tasks, java.util.concurrent.Executor ui) {
        this.trained = trained;
        this.tasks = tasks;
        this.ui = ui;
        this.blocks = trained.analysis().layers().stream().map(l -> l.layer()).toList();
        this.experts = trained.analysis().layers().isEmpty()
                ? 0
                : trained.analysis().layers().get(0).experts();
        this.trainedK = trained.analysis().layers().isEmpty()
                ? 1
                : trained.analysis().layers().get(0).k();
        for (int layer = 0; layer < blocks.size(); layer++) {
            List<ObjectProperty<ExpertState>> row = new ArrayList<>();
            for (int e = 0; e < experts; e++) {
                row.add(new SimpleObjectProperty<>(ExpertState.AS_TRAINED));
            }
            states.add(row);
        }
        topK.set(trainedK);
    }

    public RunFiguresModel trained() {
        return trained;
    }

    public List<Integer> blocks() {
        return blocks;
    }

    public int experts() {
        return experts;
    }

    public int trainedK() {
        return trainedK;
    }

    /** The state of expert {@code expert} in MoE layer {@code layer} (block order). */
    public ObjectProperty<ExpertState> state(int layer, int expert) {
        return states.get(layer).get(expert);
    }

    /** Pins {@code expert} in {@code layer} (unpinning any other expert of the layer), or unpins it. */
    public void pin(int layer, int expert, boolean pinned) {
        List<ObjectProperty<ExpertState>> row = states.get(layer);
        for (int e = 0; e < row.size(); e++) {
            if (row.get(e).get() == ExpertState.PINNED) {
                row.get(e).set(ExpertState.AS_TRAINED);
            }
        }
        if (pinned) {
            row.get(expert).set(ExpertState.PINNED);
        }
    }

    public ObjectProperty<Integer> topK() {
        return topK;
    }

    /** Capacity factor as typed; empty keeps the trained one. */
    public StringProperty capacity() {
        return capacity;
    }

    /** Router noise as typed; empty keeps none at evaluation. */
    public StringProperty routerNoise() {
        return routerNoise;
    }

    /** Evaluate the whole test split (slower) instead of the analysis subset. */
    public BooleanProperty wholeTestSplit() {
        return wholeTestSplit;
    }

    public BooleanProperty running() {
        return running;
    }

    public DoubleProperty progress() {
        return progress;
    }

    public StringProperty status() {
        return status;
    }

    public ObjectProperty<WhatIf.Result> result() {
        return result;
    }

    /** Figures of the analysis images routed with the change (null until a result is in). */
    public ObjectProperty<RunFiguresModel> changedFigures() {
        return changedFigures;
    }

    /** Every expert as trained, k and capacity as trained, no noise. */
    public void reset() {
        states.forEach(row -> row.forEach(s -> s.set(ExpertState.AS_TRAINED)));
        topK.set(trainedK);
        capacity.set("");
        routerNoise.set("");
    }

    /** The change the controls describe; throws IllegalArgumentException naming what is wrong. */
    public WhatIf.Setting setting() {
        List<WhatIf.ExpertRef> off = new ArrayList<>();
        List<WhatIf.ExpertRef> pinned = new ArrayList<>();
        for (int layer = 0; layer < blocks.size(); layer++) {
            for (int e = 0; e < experts; e++) {
                switch (states.get(layer).get(e).get()) {
                    case OFF -> off.add(new WhatIf.ExpertRef(blocks.get(layer), e));
                    case PINNED -> pinned.add(new WhatIf.ExpertRef(blocks.get(layer), e));
                    default -> {}
                }
            }
        }
        Integer k = topK.get() == null || topK.get() == trainedK ? null : topK.get();
        return new WhatIf.Setting(
                off,
                pinned,
                k,
                number(capacity.get(), "capacity"),
                number(routerNoise.get(), "router noise"),
                wholeTestSplit.get() ? "test" : "analysis");
    }

    private static Double number(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    what + ": \"" + text + "\" is not a number (leave it empty to keep" + " the trained value)");
        }
    }

    /** Evaluates the change in the background; the result, the figures and the status follow. */
    public void evaluate() {
        WhatIf.Setting setting;
        try {
            setting = setting();
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return;
        }
        Path runDir = trained.runDir();
        cancel = new CancellationToken();
        CancellationToken token = cancel;
        running.set(true);
        progress.set(0);
        status.set("Evaluating: " + setting.describe() + " ...");
        tasks.run(
                "whatif",
                () -> {
                    WhatIf.Result r = WhatIf.evaluate(runDir, setting, p -> ui.execute(() -> progress.set(p)), token);
                    return new Evaluated(r, figuresOf(r));
                },
                done -> {
                    running.set(false);
                    result.set(done.result());
                    changedFigures.set(done.figures());
                    status.set(summary(done.result()));
                },
                e -> {
                    running.set(false);
                    status.set(
                            e instanceof java.util.concurrent.CancellationException
                                    ? "Cancelled."
                                    : "Cannot evaluate: " + e.getMessage());
                });
    }

    public void cancel() {
        cancel.cancel();
    }

    private record Evaluated(WhatIf.Result result, RunFiguresModel figures) {}

    /** The what-if snapshot as a figures model that reuses the run's opened dataset. */
    private RunFiguresModel figuresOf(WhatIf.Result r) throws java.io.IOException {
        if (r.routing() == null) {
            return null;
        }
        Path runDir = trained.runDir();
        RoutingData routing = RoutingData.read(new RoutingStore(runDir.resolve(r.routing())), "final");
        RunAnalysis analysis = RunAnalysis.of(
                RunSummary.read(runDir),
                TrainingCurves.read(RunDirectory.open(runDir).metricsFile()),
                routing,
                "what-if");
        return new RunFiguresModel(runDir, analysis, routing, trained.images());
    }

    /** "Accuracy 40.2% -> 36.3% (-3.9 points), loss 1.84 -> 1.89 on 256 analysis images." */
    public static String summary(WhatIf.Result r) {
        return String.format(
                Locale.ROOT,
                "%s: accuracy %s -> %s (%s), loss %.3f -> %.3f (%+.3f) on %d %s images.",
                capitalise(r.setting().describe()),
                Percent.shortText(r.unchanged().accuracy()),
                Percent.shortText(r.changed().accuracy()),
                Percent.signedPoints(r.accuracyDelta()),
                r.unchanged().loss(),
                r.changed().loss(),
                r.lossDelta(),
                r.changed().images(),
                r.setting().images().equals("test") ? "test" : "analysis");
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
