package org.moeworkbench.app.compare;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.app.fx.FigurePane;
import org.moeworkbench.app.queue.RunCurves;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.plots.Figures;

/**
 * Two or more runs side by side: the config fields that differ and their curves overlaid; for one hard MoE and
 * sparse MoEs on the same data, their routing compared (K-means clusters against dominant experts).
 */
public final class CompareView extends BorderPane {
    private final TableView<CompareModel.DiffRow> diff = new TableView<>();
    private final CheckBox onlyDifferences = new CheckBox("only fields that differ");
    private final LineChart<Number, Number> accuracy =
            Charts.line("Validation accuracy per epoch", "epoch", "accuracy (%)");
    private final LineChart<Number, Number> loss = Charts.line("Training loss per epoch", "epoch", "loss");
    private final Label title = new Label("Select two or more runs in the Runs tab and press Compare.");
    private List<RunSummary> runs = List.of();
    private final TabPane right = new TabPane();
    private final Tab routingTab = new Tab("Hard vs soft routing");
    private final VBox routing = new VBox(6);

    public CompareView() {
        diff.setId("compare-diff");
        onlyDifferences.setSelected(true);
        onlyDifferences.selectedProperty().addListener((obs, old, now) -> show(runs));
        accuracy.setCreateSymbols(true);
        loss.setCreateSymbols(true);
        accuracy.setId("compare-accuracy");
        title.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        VBox left = new VBox(4, onlyDifferences, diff);
        VBox.setVgrow(diff, javafx.scene.layout.Priority.ALWAYS);
        VBox charts = new VBox(6, accuracy, loss);
        VBox.setVgrow(accuracy, javafx.scene.layout.Priority.ALWAYS);
        VBox.setVgrow(loss, javafx.scene.layout.Priority.ALWAYS);
        routing.setId("compare-routing");
        Tab curvesTab = new Tab("Curves", charts);
        right.getTabs().add(curvesTab);
        right.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane split = new SplitPane(left, right);
        split.setDividerPositions(0.5);
        setTop(new HBox(title));
        setCenter(split);
        setPadding(new Insets(6));
    }

    public void show(List<RunSummary> chosen) {
        runs = List.copyOf(chosen);
        diff.getColumns().clear();
        accuracy.getData().clear();
        loss.getData().clear();
        right.getTabs().remove(routingTab);
        if (runs.isEmpty()) {
            return;
        }
        showRoutingComparisons();
        title.setText("Comparing " + runs.size() + " runs");
        TableColumn<CompareModel.DiffRow, String> key = new TableColumn<>("config field");
        key.setCellValueFactory(c -> new SimpleStringProperty(c.getValue().key()));
        key.setPrefWidth(190);
        diff.getColumns().add(key);
        for (int i = 0; i < runs.size(); i++) {
            int index = i;
            TableColumn<CompareModel.DiffRow, String> col = new TableColumn<>(shortName(runs.get(i)));
            col.setCellValueFactory(
                    c -> new SimpleStringProperty(c.getValue().values().get(index)));
            col.setPrefWidth(Math.max(140, 420.0 / runs.size()));
            diff.getColumns().add(col);
        }
        try {
            List<Path> dirs = runs.stream().map(RunSummary::dir).toList();
            diff.getItems().setAll(CompareModel.configDiff(dirs, onlyDifferences.isSelected()));
            for (RunSummary run : runs) {
                RunCurves curves = RunCurves.read(run.dir());
                accuracy.getData().add(Charts.percentSeries(shortName(run), curves.epochValidationAccuracy()));
                loss.getData().add(Charts.series(shortName(run), curves.epochTrainLoss()));
            }
        } catch (java.io.IOException | RuntimeException e) {
            title.setText("Cannot compare: " + e.getMessage());
        }
    }

    /** Shows the hard-vs-soft routing tab; false if the compared runs have none (not one hard MoE + sparse MoEs). */
    public boolean selectRoutingTab() {
        if (!right.getTabs().contains(routingTab)) {
            return false;
        }
        right.getSelectionModel().select(routingTab);
        return true;
    }

    /** One heatmap per sparse run and MoE layer, or why a run cannot be compared; the tab only for hard + sparse. */
    private void showRoutingComparisons() {
        List<CompareModel.RoutingComparison> comparisons = CompareModel.routingComparisons(runs);
        if (comparisons.isEmpty()) {
            return;
        }
        routing.getChildren().clear();
        for (CompareModel.RoutingComparison c : comparisons) {
            if (c.agreement() == null) {
                routing.getChildren().add(Charts.message(c.sparseRun() + ": " + c.problem()));
                continue;
            }
            for (int i = 0; i < c.agreement().layers().size(); i++) {
                FigurePane pane = new FigurePane(Figures.routingContingency(c.agreement(), i));
                pane.setMinHeight(420);
                routing.getChildren().add(pane);
            }
        }
        routingTab.setContent(new ScrollPane(routing));
        ((ScrollPane) routingTab.getContent()).setFitToWidth(true);
        right.getTabs().add(routingTab);
    }

    /** The run id without its date prefix (yyyyMMdd-HHmmss-), which is in the Runs table anyway. */
    static String shortName(RunSummary run) {
        String id = run.id();
        return id.matches("\\d{8}-\\d{6}-.*") ? id.substring(9) : id;
    }
}
