package org.moeworkbench.app.run;

import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.app.runs.RunSummary;

/** The views of one run: training curves and the analysis figures, each exportable as PNG / SVG. */
public final class RunView extends BorderPane {
    private final Label title = new Label("Open a run in the Runs tab (double-click or Open).");
    private final TabPane tabs = new TabPane();
    private RunSummary shown;
    private RunFiguresModel figures;
    private HardRunFiguresModel hardFigures;

    public RunView() {
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
        return shown;
    }

    /** The loaded figures (null while loading). */
    public RunFiguresModel figures() {
        return figures;
    }

    public TabPane tabs() {
        return tabs;
    }

    private void showHard(RunSummary run, String selected) {
        Task<HardRunFiguresModel> load = new Task<>() {
            @Override
            protected HardRunFiguresModel call() throws Exception {
                return HardRunFiguresModel.load(run.dir());
            }
        };
        load.setOnSucceeded(e -> {
            if (shown == run) {
                hardFigures = load.getValue();
                tabs.getTabs().setAll(HardRunFiguresView.tabs(hardFigures));
                reselect(selected);
            }
        });
        load.setOnFailed(e -> {
            if (shown == run) {
                tabs.getTabs()
                        .setAll(new Tab(
                                "Error", Charts.message("Cannot read the hard MoE run: " + load.getException())));
            }
        });
        Thread thread = new Thread(load, "moe-run-view");
        thread.setDaemon(true);
        thread.start();
    }

    private void reselect(String selected) {
        if (selected != null) {
            tabs.getTabs().stream()
                    .filter(t -> t.getText().equals(selected))
                    .findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
        }
    }

    /** The loaded hard-MoE figures (null unless a hard-MoE run is shown and loaded). */
    public HardRunFiguresModel hardFigures() {
        return hardFigures;
    }

    /** Loads the run's analysis off the UI thread, then shows its tabs. */
    public void show(RunSummary run) {
        shown = run;
        figures = null;
        hardFigures = null;
        String selected = tabs.getSelectionModel().getSelectedItem() == null
                ? null
                : tabs.getSelectionModel().getSelectedItem().getText();
        tabs.getTabs()
                .setAll(new Tab(
                        "Loading",
                        Charts.message("Reading the run's metrics and routing and" + " opening its dataset...")));
        title.setText(run.id() + "  -  " + run.family() + ", " + run.backbone()
                + (run.experts() > 0 ? ", E=" + run.experts() + ", k=" + run.topK() + ", " + run.placement() : "")
                + ", " + run.status() + ", accuracy " + run.accuracyText());
        if (run.family().startsWith("hard")) {
            showHard(run, selected);
            return;
        }
        Task<RunFiguresModel> load = new Task<>() {
            @Override
            protected RunFiguresModel call() throws Exception {
                return RunFiguresModel.load(run.dir());
            }
        };
        load.setOnSucceeded(e -> {
            if (shown != run) {
                return;
            }
            figures = load.getValue();
            String signal = figures.moeSignalText();
            if (!signal.isEmpty()) {
                title.setText(title.getText() + "\n" + signal);
            }
            tabs.getTabs().setAll(RunFiguresView.tabs(figures));
            if (selected != null) {
                tabs.getTabs().stream()
                        .filter(t -> t.getText().equals(selected))
                        .findFirst()
                        .ifPresent(t -> tabs.getSelectionModel().select(t));
            }
        });
        load.setOnFailed(e -> {
            if (shown == run) {
                tabs.getTabs().setAll(new Tab("Error", Charts.message("Cannot read the run: " + load.getException())));
            }
        });
        Thread thread = new Thread(load, "moe-run-view");
        thread.setDaemon(true);
        thread.start();
    }
}
