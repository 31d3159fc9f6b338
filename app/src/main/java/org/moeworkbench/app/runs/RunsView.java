package org.moeworkbench.app.runs;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.moeworkbench.engine.analysis.RunSummary;

/** Every run in the runs folder in a sortable, filterable table; open, compare, delete. */
public final class RunsView extends BorderPane {
    private final TableView<RunSummary> table = new TableView<>();

    public RunsView(
            RunsBrowserModel model,
            Runnable refresh,
            Consumer<RunSummary> onOpen,
            Consumer<List<RunSummary>> onCompare,
            Consumer<List<RunSummary>> onPareto) {
        table.setId("runs-table");
        SortedList<RunSummary> sorted = new SortedList<>(model.filtered());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setPlaceholder(new Label("No runs in this folder yet: train one from the Designer, or run"
                + " moe train --runs <this folder>."));
        table.getColumns().add(text("Run", RunSummary::id, 330));
        table.getColumns().add(text("Kind", RunSummary::kindLabel, 90));
        table.getColumns().add(text("Backbone", RunSummary::model, 150));
        table.getColumns().add(number("E", r -> (long) r.experts(), 45, false));
        table.getColumns().add(number("k", r -> (long) r.topK(), 40, false));
        table.getColumns().add(text("Placement", RunSummary::placement, 90));
        table.getColumns().add(number("Params", RunSummary::params, 80, true));
        table.getColumns().add(number("Active", RunSummary::paramsActive, 80, true));
        TableColumn<RunSummary, Double> accuracy = new TableColumn<>("Accuracy");
        accuracy.setCellValueFactory(
                c -> new SimpleObjectProperty<>(c.getValue().accuracy()));
        accuracy.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(
                        empty || v == null || !Double.isFinite(v)
                                ? (empty ? null : "-")
                                : String.format(java.util.Locale.ROOT, "%.1f%%", 100 * v));
            }
        });
        accuracy.setPrefWidth(80);
        table.getColumns().add(accuracy);
        table.getColumns().add(text("Status", RunSummary::status, 90));
        table.getColumns().add(text("Date", RunSummary::date, 130));
        table.setRowFactory(t -> {
            TableRow<RunSummary> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    onOpen.accept(row.getItem());
                }
            });
            return row;
        });

        TextField filter = new TextField();
        filter.setId("runs-filter");
        filter.setPromptText("filter: e.g. moe last2 completed");
        filter.textProperty().bindBidirectional(model.filter());
        HBox.setHgrow(filter, Priority.ALWAYS);
        Button open = new Button("Open");
        open.setId("open-run");
        open.setOnAction(e -> selected().stream().findFirst().ifPresent(onOpen));
        Button compare = new Button("Compare");
        compare.setId("compare-runs");
        compare.setOnAction(e -> {
            if (selected().size() >= 2) {
                onCompare.accept(selected());
            } else {
                new Alert(Alert.AlertType.INFORMATION, "Select two or more runs (Ctrl-click) to compare.").show();
            }
        });
        Button pareto = new Button("Pareto");
        pareto.setId("pareto-runs");
        pareto.setOnAction(e -> onPareto.accept(selected().isEmpty() ? List.copyOf(model.filtered()) : selected()));
        Button delete = new Button("Delete...");
        delete.setOnAction(e -> delete(model));
        Button reload = new Button("Refresh");
        reload.setOnAction(e -> refresh.run());
        Label folder = new Label();
        folder.textProperty().bind(model.folder().asString("Runs folder: %s"));
        HBox bar = new HBox(8, filter, open, compare, pareto, delete, reload);
        bar.setPadding(new Insets(0, 0, 6, 0));
        setTop(new javafx.scene.layout.VBox(4, folder, bar));
        setCenter(table);
        setPadding(new Insets(6));
    }

    public TableView<RunSummary> table() {
        return table;
    }

    private List<RunSummary> selected() {
        return List.copyOf(table.getSelectionModel().getSelectedItems());
    }

    private void delete(RunsBrowserModel model) {
        List<RunSummary> chosen = selected();
        if (chosen.isEmpty()) {
            return;
        }
        if (org.moeworkbench.app.fx.Dialogs.confirm(
                "Delete runs",
                "Delete " + chosen.size() + " run director"
                        + (chosen.size() == 1 ? "y" : "ies") + " and everything in them?\n"
                        + String.join("\n", chosen.stream().map(RunSummary::id).toList()),
                "Delete")) {
            for (RunSummary run : chosen) {
                try {
                    model.delete(run);
                } catch (java.io.IOException ex) {
                    new Alert(Alert.AlertType.ERROR, "Could not delete " + run.id() + ": " + ex.getMessage()).show();
                }
            }
        }
    }

    private static TableColumn<RunSummary, String> text(
            String title, java.util.function.Function<RunSummary, String> f, double width) {
        TableColumn<RunSummary, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new SimpleStringProperty(f.apply(v.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<RunSummary, Long> number(
            String title, java.util.function.Function<RunSummary, Long> f, double width, boolean human) {
        TableColumn<RunSummary, Long> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new SimpleObjectProperty<>(f.apply(v.getValue())));
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Long v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : v <= 0 ? "-" : human ? Totals.count(v) : v.toString());
            }
        });
        c.setPrefWidth(width);
        return c;
    }
}
