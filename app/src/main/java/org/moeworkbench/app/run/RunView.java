package org.moeworkbench.app.run;

import java.io.File;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.RunKind;

/**
 * The views of one run: training curves and the analysis figures, each exportable as PNG / SVG; the whole run
 * exports as TensorBoard event files or CSV (the same as {@code moe export}).
 */
public final class RunView extends BorderPane {
    private final Label title = new Label("Open a run in the Runs tab (double-click or Open).");
    private final TabPane tabs = new TabPane();
    private final RunModel model;
    /** Whether each figure tab shows what to notice in it (on by default; the check box in the header). */
    private final javafx.beans.property.BooleanProperty explanations =
            new javafx.beans.property.SimpleBooleanProperty(true);

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
        Button tensorBoard = new Button("Export to TensorBoard...");
        tensorBoard.setId("export-tensorboard");
        tensorBoard.setOnAction(e -> chooseAndExport(RunModel.ExportFormat.TENSORBOARD));
        Button csv = new Button("Export data (CSV)...");
        csv.setId("export-csv");
        csv.setOnAction(e -> chooseAndExport(RunModel.ExportFormat.CSV));
        tensorBoard.setMinWidth(
                javafx.scene.layout.Region.USE_PREF_SIZE); // the long title wraps, the buttons stay whole
        csv.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        tensorBoard.disableProperty().bind(model.shown().isNull());
        csv.disableProperty().bind(model.shown().isNull());
        Label exportStatus = new Label();
        exportStatus.setId("export-status");
        exportStatus.textProperty().bind(model.exportStatus());
        exportStatus.setWrapText(true);
        HBox.setHgrow(title, Priority.ALWAYS);
        title.setMaxWidth(Double.MAX_VALUE);
        CheckBox explain = new CheckBox("Explain the figures");
        explain.setId("explain-figures");
        explain.setSelected(explanations.get());
        explanations.bind(explain.selectedProperty());
        explain.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox top = new HBox(8, title, explain, tensorBoard, csv);
        top.setAlignment(Pos.TOP_LEFT);
        BorderPane header = new BorderPane(top);
        header.setBottom(exportStatus);
        setTop(header);
        setCenter(tabs);
        setPadding(new Insets(6));
    }

    /** Asks for a folder (starting beside the runs folder, not the working directory) and exports there. */
    private void chooseAndExport(RunModel.ExportFormat format) {
        RunSummary run = model.shown().get();
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(
                format == RunModel.ExportFormat.TENSORBOARD
                        ? "Folder for TensorBoard (the run goes into <folder>/" + run.id() + ")"
                        : "Folder for the CSV files (the run goes into <folder>/" + run.id() + ")");
        File runs = run.dir().toAbsolutePath().getParent().toFile();
        if (runs.isDirectory()) {
            chooser.setInitialDirectory(runs.getParentFile() != null ? runs.getParentFile() : runs);
        }
        File chosen = chooser.showDialog(getScene().getWindow());
        if (chosen != null) {
            model.export(format, chosen.toPath());
        }
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
        // a hard MoE has K clusters, one expert each, and is scored by p@1 (its accuracy on a classes task)
        String experts = run.experts() <= 0
                ? ""
                : run.kind() == RunKind.HARD_MOE
                        ? ", K=" + run.experts() + " clusters, " + run.placement()
                        : ", E=" + run.experts() + ", k=" + run.topK() + ", " + run.placement();
        title.setText(run.id() + "  -  " + run.kindLabel() + ", " + run.model() + experts + ", " + run.status()
                + (run.kind() == RunKind.HARD_MOE ? ", p@1 " : ", accuracy ") + run.accuracyText());
        model.show(run);
    }

    private void showFigures(RunFiguresModel figures) {
        String signal = figures.moeSignalText();
        if (!signal.isEmpty()) {
            title.setText(title.getText() + "\n" + signal);
        }
        tabs.getTabs().setAll(RunFiguresView.tabs(figures, explanations));
        if (figures.hasRouting()
                && java.nio.file.Files.isDirectory(figures.runDir().resolve("checkpoints"))) {
            Tab whatIf = new Tab(
                    "What-if",
                    new WhatIfView(new WhatIfModel(figures, model.tasks(), javafx.application.Platform::runLater)));
            whatIf.setId("tab-whatif");
            tabs.getTabs().add(whatIf);
        }
        reselect();
    }

    private void showHardFigures(HardRunFiguresModel figures) {
        tabs.getTabs().setAll(HardRunFiguresView.tabs(figures));
        reselect();
    }
}
