package org.moeworkbench.app.queue;

import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.app.fx.HealthStrip;
import org.moeworkbench.engine.config.RunKind;

/** The run queue with progress, ETA and cancel per run, and the live curves of the selected run. */
public final class QueueView extends BorderPane {
    private final TableView<RunJob> table = new TableView<>();
    private final ObjectProperty<RunJob> selected = new SimpleObjectProperty<>();
    private final GridPane charts = new GridPane();
    private final HealthStrip health = new HealthStrip();
    private final Label title = new Label("No run yet: press Train in the Designer. Its loss, aux loss, validation"
            + " accuracy and expert load draw here while it trains; runs started from a terminal (moe train) appear"
            + " here too.");

    public QueueView(RunQueue queue) {
        table.setId("queue-table");
        table.setItems(queue.jobs());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<RunJob, String> name = new TableColumn<>("Run");
        name.setCellValueFactory(c -> c.getValue().name());
        name.setPrefWidth(260);
        TableColumn<RunJob, RunJob.Status> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> c.getValue().status());
        status.setPrefWidth(90);
        TableColumn<RunJob, Number> progress = new TableColumn<>("Progress");
        progress.setCellValueFactory(c -> c.getValue().progress());
        progress.setCellFactory(c -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            @Override
            protected void updateItem(Number value, boolean empty) {
                super.updateItem(value, empty);
                bar.setMaxWidth(Double.MAX_VALUE);
                bar.setProgress(value == null ? 0 : value.doubleValue());
                setGraphic(empty ? null : bar);
            }
        });
        progress.setPrefWidth(160);
        TableColumn<RunJob, String> where = new TableColumn<>("Where");
        where.setCellValueFactory(c -> c.getValue().where());
        where.setPrefWidth(130);
        TableColumn<RunJob, String> eta = new TableColumn<>("ETA");
        eta.setCellValueFactory(c -> c.getValue().eta());
        eta.setPrefWidth(90);
        TableColumn<RunJob, RunJob> cancel = new TableColumn<>("");
        cancel.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue()));
        cancel.setCellFactory(c -> new TableCell<>() {
            private final Button button = new Button("Cancel");

            {
                button.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            }

            @Override
            protected void updateItem(RunJob job, boolean empty) {
                super.updateItem(job, empty);
                if (empty || job == null) {
                    setGraphic(null);
                    return;
                }
                button.setOnAction(e -> queue.cancel(job));
                button.disableProperty()
                        .bind(job.status()
                                .isNotEqualTo(RunJob.Status.RUNNING)
                                .and(job.status().isNotEqualTo(RunJob.Status.QUEUED)));
                setGraphic(button);
            }
        });
        cancel.setPrefWidth(96);
        cancel.setMinWidth(96);
        TableColumn<RunJob, String> message = new TableColumn<>("Message");
        message.setCellValueFactory(c -> c.getValue().message());
        message.setPrefWidth(500);
        table.getColumns().addAll(name, status, where, progress, eta, cancel, message);
        table.setPrefHeight(170);

        Button cancelSelected = new Button("Cancel selected");
        cancelSelected.setId("cancel");
        cancelSelected.setOnAction(e -> {
            RunJob job = table.getSelectionModel().getSelectedItem();
            if (job != null) {
                queue.cancel(job);
            }
        });
        Button clear = new Button("Clear finished");
        clear.setOnAction(e -> queue.clearFinished());
        // the buttons keep their labels on a 1366-wide screen; the hint wraps instead
        cancelSelected.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        clear.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox bar = new HBox(
                8,
                cancelSelected,
                clear,
                hint("One training at a time on this machine; queued runs start when the current one ends. A"
                        + " study's tasks on Spark start as the cluster schedules them; cancelling one cancels its"
                        + " study."));

        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                selected.set(now);
            }
        });
        queue.jobs().addListener((javafx.collections.ListChangeListener<RunJob>) c -> {
            while (c.next()) {
                if (c.wasAdded()) {
                    // one run: show it; a study's rows: show its first task, the one that trains first
                    table.getSelectionModel().select(c.getAddedSubList().get(0));
                }
            }
        });
        selected.addListener((obs, old, now) -> showCharts(now));

        ColumnConstraints half = new ColumnConstraints();
        half.setPercentWidth(50);
        charts.getColumnConstraints().addAll(half, half);
        RowConstraints row = new RowConstraints();
        row.setPercentHeight(50);
        charts.getRowConstraints().addAll(row, row);
        charts.setHgap(6);
        charts.setVgap(6);
        title.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        title.setWrapText(true);
        table.setPlaceholder(
                new Label("The queue is empty: Train in the Designer queues a run; one trains at a time."));
        VBox bottom = new VBox(4, title, health, charts);
        VBox.setVgrow(charts, Priority.ALWAYS);
        SplitPane split = new SplitPane(new VBox(4, table, bar), bottom);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.28);
        VBox.setVgrow(table, Priority.ALWAYS);
        setCenter(split);
        setPadding(new Insets(6));
    }

    /** The health strip of the selected run. */
    public HealthStrip healthStrip() {
        return health;
    }

    /** The run whose curves are shown (the live routing view follows it too). */
    public ObjectProperty<RunJob> selected() {
        return selected;
    }

    private void showCharts(RunJob job) {
        charts.getChildren().clear();
        if (job == null) {
            health.follow(null, null, true);
            return;
        }
        health.follow(
                job.health(),
                job.alarms(),
                job.kind() != RunKind.HARD_MOE && job.config().moe().enabled());
        title.textProperty().bind(job.name().concat(": ").concat(job.message()));
        LineChart<Number, Number> loss = Charts.line("Training loss per step", "step", "loss");
        loss.setId("chart-loss");
        loss.getData().add(Charts.live("loss (task + aux)", job.loss()));
        LineChart<Number, Number> aux = Charts.line("Aux (balancing) loss per step", "step", "aux loss");
        aux.setId("chart-aux");
        aux.getData().add(Charts.live("aux loss", job.auxLoss()));
        LineChart<Number, Number> accuracy = job.kind() == RunKind.HARD_MOE
                ? Charts.line("Trunk training loss per epoch", "epoch", "loss")
                : Charts.line("Validation accuracy per epoch", "epoch", "accuracy (%)");
        accuracy.setId("chart-accuracy");
        accuracy.setCreateSymbols(true);
        accuracy.getData().add(Charts.livePercent("validation accuracy", job.validationAccuracy()));
        BarChart<String, Number> load = Charts.loadBars("Expert load per MoE layer (last step)");
        load.setId("chart-load");
        Charts.setLoads(load, job.expertLoad().get(), job.config().moeBlocks());
        job.expertLoad()
                .addListener((obs, old, now) ->
                        Charts.setLoads(load, now, job.config().moeBlocks()));
        if (job.kind() == RunKind.HARD_MOE) {
            // a hard MoE routes whole images by K-means cluster: its cluster views open in the Run tab when it ends
            loss.setTitle("Training loss per step (trunk, then experts)");
            aux.setTitle("Aux loss: none (hard MoE has no balancing loss)");
            accuracy.getData().setAll(Charts.live("trunk train loss", job.trainLoss()));
            load.setTitle("Cluster views open in the Run tab when the run ends");
        } else if (!job.config().moe().enabled()) {
            load.setTitle("Expert load: a dense model has no MoE layer");
        }
        // one curve each, named by the title: a legend below would only take height from the plot
        for (LineChart<Number, Number> single : List.of(loss, aux, accuracy)) {
            single.setLegendVisible(false);
        }
        charts.add(loss, 0, 0);
        charts.add(aux, 1, 0);
        charts.add(accuracy, 0, 1);
        charts.add(load, 1, 1);
    }

    private static Label hint(String text) {
        Label hint = new Label(text);
        hint.setWrapText(true);
        hint.setMinWidth(0);
        // without this an HBox gives a wrapping label one line and cuts the rest ("...") at 1366 px
        hint.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox.setHgrow(hint, javafx.scene.layout.Priority.ALWAYS);
        return hint;
    }
}
