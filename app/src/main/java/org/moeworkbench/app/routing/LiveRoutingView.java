package org.moeworkbench.app.routing;

import javafx.beans.property.ObjectProperty;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.app.fx.FigurePane;
import org.moeworkbench.app.queue.RunJob;
import org.moeworkbench.app.run.RunFiguresModel;

/**
 * Live routing of the run selected in the queue: expert-load bars from every step, and each epoch the
 * routing snapshot the engine writes, drawn by the figures module: Jaccard heatmaps, images by dominant
 * expert and patch overlays.
 */
public final class LiveRoutingView extends BorderPane {
    private final BarChart<String, Number> load = Charts.loadBars("Expert load per MoE layer (live, last step)");
    private final Label snapshot = new Label("No routing snapshot yet.");
    private final TabPane figures = new TabPane();
    private final Label title = new Label("Select a training run in the Queue tab.");
    private RunJob currentJob;
    private RunFiguresModel model;

    public LiveRoutingView(ObjectProperty<RunJob> selected) {
        title.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        load.setId("live-load");
        load.setPrefHeight(260);
        load.setMinHeight(240);
        snapshot.setId("live-snapshot");
        snapshot.setWrapText(true);
        figures.setId("live-figures");
        figures.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox box = new VBox(6, title, load, snapshot, figures);
        VBox.setVgrow(figures, javafx.scene.layout.Priority.ALWAYS);
        setCenter(box);
        setPadding(new Insets(6));
        selected.addListener((obs, old, now) -> follow(now));
        follow(selected.get());
    }

    public TabPane figures() {
        return figures;
    }

    private void follow(RunJob job) {
        if (job == null) {
            return;
        }
        currentJob = job;
        model = null;
        figures.getTabs().clear();
        title.textProperty().bind(job.name().concat(" - ").concat(job.status().asString()));
        Charts.setLoads(load, job.expertLoad().get(), job.config().moeBlocks());
        job.expertLoad().addListener((obs, old, now) -> {
            if (job == currentJob) {
                Charts.setLoads(load, now, job.config().moeBlocks());
            }
        });
        job.routingSnapshots().addListener((obs, old, now) -> {
            if (job == currentJob) {
                loadSnapshot(job);
            }
        });
        loadSnapshot(job);
    }

    private void loadSnapshot(RunJob job) {
        if (job.lastRoutingHeader().get() == null || job.runDir().get() == null) {
            snapshot.setText(
                    job.config().moe().enabled()
                            ? "No routing snapshot yet: the engine writes one after"
                                    + " each epoch, and these views refresh then."
                            : "A dense model has no routing.");
            return;
        }
        String file = job.lastRoutingHeader().get().getFileName().toString();
        String stem = file.substring(0, file.length() - ".json".length());
        snapshot.setText("Reading routing snapshot " + stem + " ...");
        RunFiguresModel previous = model;
        Task<RunFiguresModel> read = new Task<>() {
            @Override
            protected RunFiguresModel call() throws Exception {
                return previous == null ? RunFiguresModel.load(job.runDir().get(), stem) : previous.reload(stem);
            }
        };
        read.setOnSucceeded(e -> {
            if (job != currentJob) {
                return;
            }
            model = read.getValue();
            snapshot.setText("Routing snapshot " + stem + " (after epoch "
                    + model.analysis().epoch() + ", "
                    + model.analysis().images() + " analysis images); "
                    + job.routingSnapshots().get()
                    + " snapshots so far.");
            show(model);
        });
        read.setOnFailed(e -> snapshot.setText("Cannot read routing snapshot " + stem + ": " + read.getException()));
        Thread t = new Thread(read, "moe-live-routing");
        t.setDaemon(true);
        t.start();
    }

    private void show(RunFiguresModel m) {
        String selected = figures.getSelectionModel().getSelectedItem() == null
                ? null
                : figures.getSelectionModel().getSelectedItem().getText();
        figures.getTabs().clear();
        if (!m.hasRouting()) {
            return;
        }
        FigurePane[] jaccard = new FigurePane[m.layers()];
        for (int l = 0; l < m.layers(); l++) {
            jaccard[l] = new FigurePane(m.similarity(l, false));
        }
        figures.getTabs().add(new Tab("Jaccard per layer", Charts.grid(jaccard)));
        FigurePane[] images = new FigurePane[m.layers()];
        for (int l = 0; l < m.layers(); l++) {
            images[l] = new FigurePane(m.imagesByExpert(l, 8));
        }
        figures.getTabs().add(new Tab("Images by dominant expert", Charts.grid(images)));
        figures.getTabs()
                .add(new Tab(
                        "Patch overlays",
                        Charts.grid(
                                new FigurePane(m.patchExperts(0)),
                                new FigurePane(m.patchExperts(Math.min(1, m.analysisImages() - 1))))));
        if (selected != null) {
            figures.getTabs().stream()
                    .filter(t -> t.getText().equals(selected))
                    .findFirst()
                    .ifPresent(t -> figures.getSelectionModel().select(t));
        }
    }
}
