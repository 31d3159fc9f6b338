package org.moeworkbench.app.run;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.app.fx.FigurePane;
import org.moeworkbench.plots.WhatIfFigures;

/**
 * The run view's What-if tab: toggle experts off or pin a layer's tokens to one expert, change k, capacity or
 * router noise, evaluate, and see accuracy, loss and load against the run as trained, with the routing map redrawn.
 */
public final class WhatIfView extends BorderPane {
    private final WhatIfModel model;
    private final VBox results = new VBox(6);

    public WhatIfView(WhatIfModel model) {
        this.model = model;
        setId("whatif");
        setPadding(new Insets(6));
        setLeft(controls());
        setCenter(results);
        showResult();
        model.changedFigures().addListener((obs, old, now) -> showResult());
    }

    public WhatIfModel model() {
        return model;
    }

    private Node controls() {
        VBox box = new VBox(8);
        box.setPadding(new Insets(0, 10, 0, 0));
        box.setPrefWidth(330);
        Label experts = new Label("Experts per MoE layer: click to cycle on, off (its tokens take their next"
                + " choice) and pinned (every token of the layer goes to it first).");
        experts.setWrapText(true);
        box.getChildren().add(experts);
        for (int layer = 0; layer < model.blocks().size(); layer++) {
            FlowPane row = new FlowPane(4, 4);
            row.getChildren().add(new Label("Block " + model.blocks().get(layer) + ":"));
            for (int e = 0; e < model.experts(); e++) {
                row.getChildren().add(expertButton(layer, e));
            }
            box.getChildren().add(row);
        }
        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        Spinner<Integer> k = new Spinner<>(1, Math.max(1, model.experts()), model.trainedK());
        k.setId("whatif-topk");
        k.setPrefWidth(80);
        k.valueProperty().addListener((obs, old, now) -> model.topK().set(now));
        model.topK().addListener((obs, old, now) -> {
            if (now != null && !now.equals(k.getValue())) {
                k.getValueFactory().setValue(now);
            }
        });
        TextField capacity = new TextField();
        capacity.setId("whatif-capacity");
        capacity.setPromptText("as trained; 0 = none");
        capacity.textProperty().bindBidirectional(model.capacity());
        TextField noise = new TextField();
        noise.setId("whatif-noise");
        noise.setPromptText("none");
        noise.textProperty().bindBidirectional(model.routerNoise());
        grid.addRow(0, new Label("Experts per token (k)"), k);
        grid.addRow(1, new Label("Capacity factor"), capacity);
        grid.addRow(2, new Label("Router noise std"), noise);
        CheckBox whole = new CheckBox("Whole test split (slower; default: the analysis images)");
        whole.setId("whatif-test-split");
        whole.setWrapText(true);
        whole.selectedProperty().bindBidirectional(model.wholeTestSplit());
        Button evaluate = new Button("Evaluate");
        evaluate.setId("whatif-evaluate");
        evaluate.setDefaultButton(true);
        evaluate.disableProperty().bind(model.running());
        evaluate.setOnAction(e -> model.evaluate());
        Button cancel = new Button("Cancel");
        cancel.disableProperty().bind(model.running().not());
        cancel.setOnAction(e -> model.cancel());
        Button reset = new Button("Reset");
        reset.setOnAction(e -> model.reset());
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(model.progress());
        bar.visibleProperty().bind(model.running());
        bar.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.setId("whatif-status");
        status.setWrapText(true);
        status.textProperty().bind(model.status());
        box.getChildren().addAll(grid, whole, new HBox(6, evaluate, cancel, reset), bar, status);
        ScrollPane scroll = new ScrollPane(box);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private Button expertButton(int layer, int expert) {
        Button button = new Button();
        button.setId("whatif-expert-" + model.blocks().get(layer) + "-" + expert);
        Runnable paint = () -> {
            WhatIfModel.ExpertState state = model.state(layer, expert).get();
            button.setText(expert
                    + switch (state) {
                        case AS_TRAINED -> " on";
                        case OFF -> " off";
                        case PINNED -> " pinned";
                    });
            button.setStyle(
                    switch (state) {
                        case AS_TRAINED -> "";
                        case OFF -> "-fx-background-color: -color-danger-subtle; -fx-text-fill: -color-danger-fg;";
                        case PINNED -> "-fx-background-color: -color-accent-subtle; -fx-text-fill: -color-accent-fg;";
                    });
        };
        model.state(layer, expert).addListener((obs, old, now) -> paint.run());
        paint.run();
        button.setOnAction(e -> {
            switch (model.state(layer, expert).get()) {
                case AS_TRAINED -> model.state(layer, expert).set(WhatIfModel.ExpertState.OFF);
                case OFF -> model.pin(layer, expert, true);
                case PINNED -> model.pin(layer, expert, false);
            }
        });
        return button;
    }

    private void showResult() {
        results.getChildren().clear();
        RunFiguresModel changed = model.changedFigures().get();
        if (model.result().get() == null || changed == null) {
            Label hint = new Label("The routing map below is the run as trained. Evaluate a change to see its"
                    + " accuracy, loss and expert load next to the trained routing, and its routing map.");
            hint.setWrapText(true);
            FigurePane map = new FigurePane(model.trained().routingMap());
            VBox.setVgrow(map, Priority.ALWAYS);
            results.getChildren().addAll(hint, map);
            return;
        }
        FigurePane load = new FigurePane(WhatIfFigures.load(model.result().get()));
        load.setId("whatif-load");
        FigurePane before = new FigurePane(model.trained().routingMap());
        FigurePane after = new FigurePane(changed.routingMap());
        after.setId("whatif-routing-map");
        Node maps = Charts.grid(before, after);
        VBox.setVgrow(load, Priority.ALWAYS);
        VBox.setVgrow(maps, Priority.ALWAYS);
        results.getChildren().addAll(load, new Label("Routing map: as trained (left) and what-if (right)"), maps);
    }
}
