package org.moeworkbench.app.run;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.engine.analysis.RunSummary;

/** The views of one run: training curves and the analysis figures, each exportable as PNG / SVG. */
public final class RunView extends BorderPane {
    private final Label title = new Label("Open a run in the Runs tab (double-click or Open).");
    private final TabPane tabs = new TabPane();
    private final RunModel model;
    private String selectedBeforeLoad;

    public RunView(RunModel model) {
        this.model = model;
        model.figures().addListener((obs, old, now) -> {
            if (now != null) {
                showFigures(now);
            }
        });
        model.hardFigures().addListener((obs, old, now) -> {
            if (now != null) {
                showHardFigures(now);
            }
        });
        model.failure().addListener((obs, old, now) -> {
            if (!now.isEmpty()) {
                tabs.getTabs().setAll(new Tab("Error", Charts.message(now)));
            }
        });
        title.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        title.setId("run-title");
        title.setWrapText(true);
        tabs.setId("run-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setTop(title);
        setCenter(tabs);
        setPadding(new Insets(6));
    }

    public RunSummary shown() {
        return model.shown().get();
    }

    /** The loaded figures (null while loading). */
    public RunFiguresModel figures() {
        return model.figures().get();
    }

    /** The loaded hard-MoE figures (null unless a hard-MoE run is shown and loaded). */
    public HardRunFiguresModel hardFigures() {
        return model.hardFigures().get();
    }

    public RunModel model() {
        return model;
    }

    public TabPane tabs() {
        return tabs;
    }

    private void reselect() {
        if (selectedBeforeLoad != null) {
            tabs.getTabs().stream()
                    .filter(t -> t.getText().equals(selectedBeforeLoad))
                    .findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
        }
    }

    /** Shows "Loading" and has the model read the run off the UI thread; its tabs come when it is read. */
    public void show(RunSummary run) {
        selectedBeforeLoad = tabs.getSelectionModel().getSelectedItem() == null
                ? null
                : tabs.getSelectionModel().getSelectedItem().getText();
        tabs.getTabs()
                .setAll(new Tab(
                        "Loading",
                        Charts.message("Reading the run's metrics and routing and" + " opening its dataset...")));
        title.setText(run.id() + "  -  " + run.kindLabel() + ", " + run.model()
                + (run.experts() > 0 ? ", E=" + run.experts() + ", k=" + run.topK() + ", " + run.placement() : "")
                + ", " + run.status() + ", accuracy " + run.accuracyText());
        model.show(run);
    }

    private void showFigures(RunFiguresModel figures) {
        String signal = figures.moeSignalText();
        if (!signal.isEmpty()) {
            title.setText(title.getText() + "\n" + signal);
        }
        tabs.getTabs().setAll(RunFiguresView.tabs(figures));
        reselect();
    }

    private void showHardFigures(HardRunFiguresModel figures) {
        tabs.getTabs().setAll(HardRunFiguresView.tabs(figures));
        reselect();
    }
}
