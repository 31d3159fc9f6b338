package org.moeworkbench.app.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.RowConstraints;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.app.fx.FigurePane;

/**
 * The figure tabs of a run, drawn by the figures module (engine analysis + plots); the app computes no
 * analysis of its own. Views the figures module does not offer yet say so.
 */
final class RunFiguresView {
    static final String NOT_IN_FIGURES_API = "Not available in this build: the figures API (plots module) has no"
            + " figure for this view yet, and the app does not compute analysis of its own.";

    private RunFiguresView() {}

    static List<Tab> tabs(RunFiguresModel model) {
        List<Tab> tabs = new ArrayList<>();
        tabs.add(new Tab("Training curves", curves(model)));
        if (!model.hasRouting()) {
            String why = "This run has no routing snapshot (a dense model, or it stopped before the first epoch"
                    + " ended): there is nothing to show here.";
            for (String name : List.of("Images by expert", "Jaccard", "Expert x class", "Experts per image CDF")) {
                tabs.add(new Tab(name, Charts.message(why)));
            }
        } else {
            tabs.add(new Tab("Images by expert", images(model)));
            tabs.add(new Tab("Jaccard", perLayer(model, layer -> model.similarity(layer, false), true)));
            tabs.add(new Tab("Expert x class", perLayer(model, model::expertClass, false)));
            tabs.add(new Tab(
                    "Experts per image CDF",
                    Charts.grid(
                            new FigurePane(model.expertsPerImageCdf()), new FigurePane(model.patchesPerExpertCdf()))));
        }
        return tabs;
    }

    static Node curves(RunFiguresModel model) {
        List<Node> panes = new ArrayList<>();
        panes.add(new FigurePane(model.trainingLoss()));
        panes.add(new FigurePane(model.auxLoss()));
        panes.add(new FigurePane(model.accuracy()));
        if (model.hasRouting()) {
            panes.add(new FigurePane(model.loadBars()));
        }
        return Charts.grid(panes.toArray(Node[]::new));
    }

    private static Node images(RunFiguresModel model) {
        ComboBox<String> layer = layerPicker(model);
        FigurePane byExpert = new FigurePane(model.imagesByExpert(0, 12), new Label("layer"), layer);
        layer.getSelectionModel()
                .selectedIndexProperty()
                .addListener(
                        (obs, old, now) -> byExpert.setFigure(model.imagesByExpert(Math.max(0, now.intValue()), 12)));
        Spinner<Integer> row = new Spinner<>(0, Math.max(0, model.analysisImages() - 1), 0);
        row.setEditable(true);
        row.setPrefWidth(90);
        FigurePane patches = new FigurePane(model.patchExperts(0), new Label("analysis image"), row);
        row.valueProperty().addListener((obs, old, now) -> patches.setFigure(model.patchExperts(now)));
        GridPane grid = new GridPane();
        ColumnConstraints left = new ColumnConstraints();
        left.setPercentWidth(58);
        ColumnConstraints right = new ColumnConstraints();
        right.setPercentWidth(42);
        grid.getColumnConstraints().addAll(left, right);
        RowConstraints full = new RowConstraints();
        full.setPercentHeight(100);
        grid.getRowConstraints().add(full);
        grid.setHgap(6);
        grid.add(byExpert, 0, 0);
        grid.add(patches, 1, 0);
        return grid;
    }

    private static Node perLayer(
            RunFiguresModel model, IntFunction<org.moeworkbench.plots.Figure> figure, boolean similarity) {
        ComboBox<String> layer = layerPicker(model);
        List<Node> controls = new ArrayList<>(List.of(new Label("layer"), layer));
        CheckBox plain = new CheckBox("plain Jaccard (not Jaccard-derived)");
        if (similarity) {
            controls.add(plain);
        }
        FigurePane pane = new FigurePane(figure.apply(0), controls.toArray(Node[]::new));
        Runnable redraw = () -> {
            int l = Math.max(0, layer.getSelectionModel().getSelectedIndex());
            pane.setFigure(similarity ? model.similarity(l, plain.isSelected()) : figure.apply(l));
        };
        layer.getSelectionModel().selectedIndexProperty().addListener((obs, old, now) -> redraw.run());
        plain.selectedProperty().addListener((obs, old, now) -> redraw.run());
        return pane;
    }

    private static ComboBox<String> layerPicker(RunFiguresModel model) {
        ComboBox<String> layer = new ComboBox<>();
        layer.getItems().addAll(model.layerNames());
        layer.getSelectionModel().select(0);
        return layer;
    }
}
