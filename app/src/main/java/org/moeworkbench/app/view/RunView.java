package org.moeworkbench.app.view;

import java.io.IOException;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.moeworkbench.app.viewmodel.RunCurves;
import org.moeworkbench.app.viewmodel.RunSummary;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.run.RunDirectory;

/** The views of one run: training curves and the analysis figures. */
public final class RunView extends BorderPane {
    private final Label title = new Label("Open a run in the Runs tab (double-click or Open).");
    private final TabPane tabs = new TabPane();
    private RunSummary shown;

    public RunView() {
        title.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        title.setId("run-title");
        tabs.setId("run-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setTop(title);
        setCenter(tabs);
        setPadding(new Insets(6));
    }

    public RunSummary shown() {
        return shown;
    }

    public TabPane tabs() {
        return tabs;
    }

    public void show(RunSummary run) {
        shown = run;
        String selected = tabs.getSelectionModel().getSelectedItem() == null ? null
                : tabs.getSelectionModel().getSelectedItem().getText();
        tabs.getTabs().clear();
        title.setText(run.id() + "  -  " + run.family() + ", " + run.backbone()
                + (run.experts() > 0 ? ", E=" + run.experts() + ", k=" + run.topK() + ", " + run.placement() : "")
                + ", " + run.status() + ", accuracy " + run.accuracyText());
        tabs.getTabs().add(new Tab("Training curves", curves(run)));
        for (Tab tab : RunFigures.tabs(run)) {
            tabs.getTabs().add(tab);
        }
        if (selected != null) {
            tabs.getTabs().stream().filter(t -> t.getText().equals(selected)).findFirst()
                    .ifPresent(t -> tabs.getSelectionModel().select(t));
        }
    }

    private static javafx.scene.Node curves(RunSummary run) {
        RunCurves curves;
        ExperimentConfig config;
        try {
            curves = RunCurves.read(run.dir());
            config = RunDirectory.open(run.dir()).config();
        } catch (IOException | RuntimeException e) {
            return new Label("Cannot read the run's metrics: " + e.getMessage());
        }
        LineChart<Number, Number> loss = Charts.line("Training loss per logged step", "step", "loss");
        loss.setId("run-chart-loss");
        loss.getData().add(Charts.series("loss", curves.stepLoss()));
        LineChart<Number, Number> aux = Charts.line("Aux (balancing) loss per logged step", "step", "aux loss");
        aux.getData().add(Charts.series("aux loss", curves.stepAuxLoss()));
        LineChart<Number, Number> accuracy = Charts.line("Validation accuracy per epoch", "epoch", "accuracy");
        accuracy.setCreateSymbols(true);
        accuracy.getData().add(Charts.series("validation accuracy", curves.epochValidationAccuracy()));
        BarChart<String, Number> load = Charts.loadBars("Mean expert load per MoE layer, last epoch");
        Charts.setLoads(load, curves.lastExpertLoad(), config.moeBlocks());
        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        javafx.scene.layout.ColumnConstraints half = new javafx.scene.layout.ColumnConstraints();
        half.setPercentWidth(50);
        grid.getColumnConstraints().addAll(half, half);
        javafx.scene.layout.RowConstraints row = new javafx.scene.layout.RowConstraints();
        row.setPercentHeight(50);
        grid.getRowConstraints().addAll(row, row);
        grid.add(loss, 0, 0);
        grid.add(aux, 1, 0);
        grid.add(accuracy, 0, 1);
        grid.add(load, 1, 1);
        return new VBox(grid) {
            {
                VBox.setVgrow(grid, javafx.scene.layout.Priority.ALWAYS);
            }
        };
    }
}
