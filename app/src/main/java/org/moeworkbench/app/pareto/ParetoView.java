package org.moeworkbench.app.pareto;

import java.util.ArrayList;
import java.util.List;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.app.fx.FigurePane;
import org.moeworkbench.app.runs.RunSummary;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.plots.Figure;
import org.moeworkbench.plots.Figures;
import org.moeworkbench.plots.PaperOverlay;

/**
 * Accuracy against params (total or active) across the chosen runs, front drawn, dense and MoE marked, with
 * the Sweet Spot paper's published points as an optional overlay (all drawn by the figures module).
 */
public final class ParetoView extends BorderPane {
    private final Label info =
            new Label("Select runs in the Runs tab and press Pareto (no selection: all shown runs).");
    private final ComboBox<ParetoFront.Cost> cost = new ComboBox<>();
    private final CheckBox paper =
            new CheckBox("papers' points (Sweet Spot Fig. 2 / Table 14, ImageNet-21k pretraining)");
    private List<org.moeworkbench.engine.analysis.RunSummary> runs = List.of();
    private FigurePane pane;

    public ParetoView() {
        info.setWrapText(true);
        cost.getItems().addAll(ParetoFront.Cost.values());
        cost.getSelectionModel().select(ParetoFront.Cost.PARAMS_ACTIVE);
        cost.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(ParetoFront.Cost c) {
                return c == null ? "" : c.label();
            }

            @Override
            public ParetoFront.Cost fromString(String text) {
                return null;
            }
        });
        paper.setTooltip(Charts.tip("The papers' models are ImageNet-scale (millions of params, ImageNet-1k"
                + " accuracy); on the same axes they show where the sample-data runs sit, not a like-for-like race."));
        cost.valueProperty().addListener((obs, old, now) -> redraw());
        paper.selectedProperty().addListener((obs, old, now) -> redraw());
        setTop(info);
        setCenter(Charts.message("No runs chosen yet."));
        setPadding(new Insets(6));
    }

    public void show(List<RunSummary> chosen) {
        info.setText("Reading " + chosen.size() + " runs...");
        Task<List<org.moeworkbench.engine.analysis.RunSummary>> read = new Task<>() {
            @Override
            protected List<org.moeworkbench.engine.analysis.RunSummary> call() {
                List<org.moeworkbench.engine.analysis.RunSummary> out = new ArrayList<>();
                for (RunSummary run : chosen) {
                    try {
                        if (RunSummary.isHardMoe(run.dir())) {
                            out.addAll(org.moeworkbench.engine.analysis.RunSummary.readHardMoe(run.dir()));
                        } else {
                            out.add(org.moeworkbench.engine.analysis.RunSummary.read(run.dir()));
                        }
                    } catch (java.io.IOException | RuntimeException e) {
                        // a run that cannot be read is left out; the count below says how many are drawn
                    }
                }
                return out;
            }
        };
        read.setOnSucceeded(e -> {
            runs = read.getValue();
            long scored = runs.stream().filter(r -> !Double.isNaN(r.accuracy())).count();
            info.setText(runs.size() + " runs read, " + scored + " with an accuracy (hard MoE: the mixture and its"
                    + " trunk, scored by p@1, in their own colours and outside the front).");
            redraw();
        });
        Thread t = new Thread(read, "moe-pareto");
        t.setDaemon(true);
        t.start();
    }

    /** The figure shown (null before runs are chosen). */
    public Figure figure() {
        return pane == null ? null : pane.figure();
    }

    private void redraw() {
        if (runs.isEmpty()) {
            return;
        }
        Figure figure = Figures.pareto(
                runs, cost.getValue(), paper.isSelected() ? PaperOverlay.sweetSpotFigure2("ImageNet-21k") : null);
        if (pane == null) {
            pane = new FigurePane(figure, new Label("x axis"), cost, paper);
            setCenter(pane);
        } else {
            pane.setFigure(figure);
        }
    }
}
