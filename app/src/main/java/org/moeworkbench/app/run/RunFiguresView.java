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

    /** What a student should notice in each tab, shown above it while {@code explain} is on. */
    static final java.util.Map<String, String> EXPLANATIONS = java.util.Map.of(
            "Training curves",
            "Loss should fall and accuracy rise; a validation loss that rises while the train loss falls means"
                    + " overfitting. The load-balancing loss measures how unevenly tokens spread over the experts (0 ="
                    + " even). Expert load: each bar is one expert's share of the token choices of a MoE layer; equal"
                    + " bars are balanced experts, one tall bar is a router that collapsed onto one expert.",
            "Images by expert",
            "Left: for each expert, test images whose patches it takes most. An expert that specialises shows one"
                    + " kind of image in its row (a class, a colour, a background). Right: one image with each patch"
                    + " coloured by the expert that took it: which parts of the object go where.",
            "Routing map",
            "One image per class (rows) through each MoE layer (columns): every patch takes the colour of its"
                    + " first-choice expert, the stronger the more sure the router is (gate). Compare rows: do"
                    + " the object's patches and the background's go to different experts, and does that change"
                    + " from one layer to the next?",
            "Jaccard",
            "How often two experts are active on the same images: 1 = always together, 0 = never. Bright blocks off"
                    + " the diagonal are experts that share the same images; a dark matrix with a bright diagonal means"
                    + " the experts split the images between them.",
            "Expert x class",
            "For each class (column), the share of its patches each expert takes. A column with one bright cell is a"
                    + " class that goes to one expert. The mutual information above (bits) sums the table up: 0 = the"
                    + " experts ignore the class; the share of the class entropy says how much of the class the"
                    + " expert choice tells.",
            "Experts per image CDF",
            "Left: how many experts an image uses (a curve that reaches 1 early = few experts per image). Right: how"
                    + " many patches an expert takes in an image it is used in (a late rise = experts take large parts"
                    + " of an image, not single patches).");

    /** The tabs, each with its explanation above it while {@code explain} is true. */
    static List<Tab> tabs(RunFiguresModel model, javafx.beans.value.ObservableBooleanValue explain) {
        List<Tab> tabs = tabs(model);
        for (Tab tab : tabs) {
            String text = EXPLANATIONS.get(tab.getText());
            if (text != null) {
                Label label = new Label(text);
                label.setWrapText(true);
                label.getStyleClass().add("explanation");
                label.setStyle("-fx-padding: 4 6 6 6; -fx-font-style: italic;");
                label.visibleProperty().bind(explain);
                label.managedProperty().bind(explain);
                javafx.scene.layout.BorderPane pane = new javafx.scene.layout.BorderPane(tab.getContent());
                pane.setTop(label);
                tab.setContent(pane);
            }
        }
        return tabs;
    }

    static List<Tab> tabs(RunFiguresModel model) {
        List<Tab> tabs = new ArrayList<>();
        tabs.add(new Tab("Training curves", curves(model)));
        if (!model.hasRouting()) {
            // one tab that says why, not five empty ones
            tabs.add(new Tab(
                    "MoE views",
                    Charts.message("This run has no routing snapshot (a dense model, or it stopped before its first"
                            + " epoch ended), so there are no expert views: images by expert, routing map, Jaccard,"
                            + " expert x class and experts per image need a MoE run's routing.")));
        } else {
            tabs.add(new Tab("Images by expert", images(model)));
            tabs.add(new Tab("Routing map", new FigurePane(model.routingMap())));
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
