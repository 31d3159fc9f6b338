package org.moeworkbench.app.view;

import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.moeworkbench.app.viewmodel.RunJob;

/**
 * Live routing of the run selected in the queue: expert-load bars from every step and, each epoch, the
 * routing snapshot the engine writes (drawn by the figures API).
 */
public final class LiveRoutingView extends BorderPane {
    private final BarChart<String, Number> load = Charts.loadBars("Expert load per MoE layer (live, last step)");
    private final Label snapshot = new Label("No routing snapshot yet.");
    private final VBox figures = new VBox(6);
    private final Label title = new Label("Select a training run in the Queue tab.");

    public LiveRoutingView(ObjectProperty<RunJob> selected) {
        title.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        load.setId("live-load");
        snapshot.setId("live-snapshot");
        snapshot.setWrapText(true);
        Label missing = new Label("Jaccard heatmaps, patch overlays and images by dominant expert: "
                + RunFigures.MISSING);
        missing.setWrapText(true);
        missing.setStyle("-fx-text-fill: #8a4b00;");
        figures.getChildren().add(missing);
        VBox box = new VBox(8, title, load, snapshot, figures);
        VBox.setVgrow(load, javafx.scene.layout.Priority.ALWAYS);
        setCenter(box);
        setPadding(new Insets(6));
        selected.addListener((obs, old, now) -> follow(now));
        follow(selected.get());
    }

    private void follow(RunJob job) {
        if (job == null) {
            return;
        }
        title.textProperty().bind(job.name().concat(" - ").concat(job.status().asString()));
        Charts.setLoads(load, job.expertLoad().get(), job.config().moeBlocks());
        job.expertLoad().addListener((obs, old, now) -> {
            if (job.equals(currentJob)) {
                Charts.setLoads(load, now, job.config().moeBlocks());
            }
        });
        job.routingSnapshots().addListener((obs, old, now) -> {
            if (job.equals(currentJob)) {
                showSnapshot(job);
            }
        });
        currentJob = job;
        showSnapshot(job);
    }

    private RunJob currentJob;

    private void showSnapshot(RunJob job) {
        if (job.lastRoutingHeader().get() == null) {
            snapshot.setText(job.config().moe().enabled() ? "No routing snapshot yet: the engine writes one after"
                    + " each epoch." : "A dense model has no routing.");
            return;
        }
        snapshot.setText("Routing snapshots written: " + job.routingSnapshots().get() + "; latest "
                + job.lastRoutingHeader().get());
    }
}
