package org.moeworkbench.app.pareto;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.app.fx.FigurePane;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.plots.ComparisonFigures;
import org.moeworkbench.plots.Figure;
import org.moeworkbench.plots.PaperOverlay;

/**
 * Accuracy against params (total or active) across the chosen runs, front drawn, dense and MoE marked, with
 * the Sweet Spot paper's published points as an optional overlay (all drawn by the figures module).
 */
public final class ParetoView extends BorderPane {
    private final ParetoModel model;
    private final Label info = new Label();
    private final ComboBox<ParetoFront.Cost> cost = new ComboBox<>();
    private final CheckBox paper =
            new CheckBox("papers' points (Sweet Spot Fig. 2 / Table 14, ImageNet-21k pretraining)");
    private FigurePane pane;

    public ParetoView(ParetoModel model) {
        this.model = model;
        info.textProperty().bind(model.info());
        model.runs().addListener((obs, old, now) -> redraw());
        info.setWrapText(true);
        cost.setId("pareto-cost");
        paper.setId("pareto-papers");
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
        setCenter(Charts.message(
                "No runs chosen yet: select runs in the Runs tab (Ctrl-click for several) and press Pareto."
                        + " Accuracy against parameters (total or active) appears here, the Pareto front drawn, optionally over"
                        + " the papers' published points."));
        setPadding(new Insets(6));
    }

    public void show(List<RunSummary> chosen) {
        model.show(chosen);
    }

    public ParetoModel model() {
        return model;
    }

    /** The figure shown (null before runs are chosen). */
    public Figure figure() {
        return pane == null ? null : pane.figure();
    }

    private void redraw() {
        List<RunSummary> runs = model.runs().get();
        if (runs.isEmpty()) {
            return;
        }
        Figure figure = ComparisonFigures.pareto(
                runs, cost.getValue(), paper.isSelected() ? PaperOverlay.sweetSpotFigure2("ImageNet-21k") : null);
        if (pane == null) {
            pane = new FigurePane(figure, new Label("x axis"), cost, paper);
            setCenter(pane);
        } else {
            pane.setFigure(figure);
        }
    }
}
