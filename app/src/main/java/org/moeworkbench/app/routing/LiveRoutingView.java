package org.moeworkbench.app.routing;

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
    private final Label snapshot = new Label();
    private final org.moeworkbench.app.fx.HealthStrip health = new org.moeworkbench.app.fx.HealthStrip();
    private final TabPane figures = new TabPane();
    private final Label title = new Label("Live routing follows the run selected in the Queue tab: expert load"
            + " after every logged step, then Jaccard similarity, images by dominant expert and patch overlays after"
            + " each epoch's routing snapshot. Nothing is training yet.");
    private final LiveRoutingModel model;

    public LiveRoutingView(LiveRoutingModel model) {
        this.model = model;
        title.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        title.setWrapText(true);
        load.setId("live-load");
        load.setPrefHeight(260);
        load.setMinHeight(240);
        snapshot.setId("live-snapshot");
        snapshot.setWrapText(true);
        figures.setId("live-figures");
        figures.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox box = new VBox(6, title, health, load, snapshot, figures);
        VBox.setVgrow(figures, javafx.scene.layout.Priority.ALWAYS);
        setCenter(box);
        setPadding(new Insets(6));
        snapshot.textProperty().bind(model.snapshot());
        model.job().addListener((obs, old, now) -> follow(now));
        follow(model.job().get());
        model.figures().addListener((obs, old, now) -> {
            if (now == null) {
                figures.getTabs().clear();
            } else {
                show(now);
            }
        });
    }

    public TabPane figures() {
        return figures;
    }

    public LiveRoutingModel model() {
        return model;
    }

    private void follow(RunJob job) {
        if (job == null) {
            return;
        }
        figures.getTabs().clear();
        title.textProperty().bind(job.name().concat(" - ").concat(job.status().asString()));
        health.follow(
                job.health(),
                job.alarms(),
                job.kind() != org.moeworkbench.engine.config.RunKind.HARD_MOE
                        && job.config().moe().enabled());
        Charts.setLoads(load, job.expertLoad().get(), job.config().moeBlocks());
        job.expertLoad().addListener((obs, old, now) -> {
            if (job == model.job().get()) {
                Charts.setLoads(load, now, job.config().moeBlocks());
            }
        });
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
