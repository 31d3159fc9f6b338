package org.moeworkbench.app.designer;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.moeworkbench.app.fx.Charts;
import org.moeworkbench.engine.config.RunSpec;

/**
 * The experiment designer: a form per config section, the block diagram with placement presets, the totals,
 * and Open / Save / Train. Every field shows the engine's reason when its value is refused.
 */
public final class DesignerView extends BorderPane {
    private static final String ERROR_STYLE = "-fx-border-color: #d9302c; -fx-border-width: 2;";

    private final DesignerModel model;
    private final Map<String, Control> controls = new LinkedHashMap<>();
    private final Map<String, Label> errorLabels = new LinkedHashMap<>();
    private final Label totals = new Label();
    private final Label general = new Label();
    private final Label dataInfo = new Label();
    private final BlockDiagramView diagram;
    private final Button train = new Button("Train");
    private final javafx.scene.layout.StackPane runTargetSlot = new javafx.scene.layout.StackPane();
    private final Map<String, TitledPane> sectionPanes = new LinkedHashMap<>();
    private final Label hardNote = new Label();

    /** @param onTrain Train: the spec to queue (an experiment, or a hard MoE: one queue entry per K) */
    public DesignerView(DesignerModel model, Consumer<RunSpec> onTrain) {
        this.model = model;
        // a hard MoE's trunk has no MoE layers: its diagram is for looking, not toggling
        this.diagram = new BlockDiagramView(block -> {
            if (!model.hard()) {
                model.toggleBlock(block);
            }
        });

        VBox form = new VBox(4);
        form.setPadding(new Insets(4));
        Map<String, GridPane> sections = new LinkedHashMap<>();
        for (String key : DesignerModel.keys()) {
            FieldInfo info = FieldInfo.get(key);
            GridPane grid = sections.computeIfAbsent(info.section(), s -> {
                GridPane g = new GridPane();
                g.setHgap(8);
                g.setVgap(2);
                g.setPadding(new Insets(4));
                g.getColumnConstraints().addAll(new ColumnConstraints(150), new ColumnConstraints(190, 230, 400));
                TitledPane pane = new TitledPane(s, g);
                pane.setAnimated(false);
                pane.setId("section-" + cssId(s.replace(' ', '_')));
                // the hard-MoE settings come right after the experiment's name and seed
                form.getChildren()
                        .add(
                                s.equals(FieldInfo.HARD)
                                        ? Math.min(1, form.getChildren().size())
                                        : form.getChildren().size(),
                                pane);
                sectionPanes.put(s, pane);
                return g;
            });
            addField(grid, info);
        }
        ScrollPane formScroll = new ScrollPane(form);
        formScroll.setFitToWidth(true);
        formScroll.setPrefViewportWidth(420);
        formScroll.setMinWidth(400);
        setLeft(formScroll);
        // keep the focused field in view (keyboard navigation, and a click on an error in the status line)
        controls.values()
                .forEach(c -> c.focusedProperty().addListener((obs, old, now) -> {
                    if (now) {
                        scrollTo(formScroll, form, c);
                    }
                }));

        ComboBox<String> family = new ComboBox<>();
        family.setId("family");
        family.getItems().addAll(DesignerModel.SPARSE, DesignerModel.HARD);
        family.valueProperty().bindBidirectional(model.family());
        family.setTooltip(Charts.tip("Sparse top-k MoE (Videau et al.): MoE layers replace the MLP of chosen blocks."
                + " Hard MoE (Gross et al. 2017): a trunk CNN, K-means clusters of its features, one expert per"
                + " cluster; it costs about 2x the trunk to evaluate (trunk + one expert), Gross et al. section 3."));
        HBox placements = new HBox(6, new Label("Placement presets:"));
        for (String p : new String[] {"every2", "stage", "last2", "last3"}) {
            Button b = new Button(p);
            b.setId("placement-" + p);
            b.setTooltip(Charts.tip(FieldInfo.get("moe.placement").tooltip()));
            b.setOnAction(e -> model.applyPlacement(p));
            placements.getChildren().add(b);
        }
        Button dense = new Button("dense (E=0)");
        dense.setOnAction(e -> model.value("moe.experts").set("0"));
        placements.getChildren().add(dense);

        totals.setId("totals");
        totals.setWrapText(true);
        totals.setStyle("-fx-font-size: 14px; -fx-font-weight: bold;");
        totals.setTooltip(Charts.tip("params and FLOPs: the engine's exact counts (ModelSizer, as moe describe)."
                + " Memory: weights + gradients + AdamW moments + kept activations + ND4J's ~2.8 GB baseline."
                + " Time: the FLOPs at the speed of the newest run in the runs folder that logged an epoch (else"
                + " the field notes' idle 2-core speed); MoE dispatch counted 1.15x slower per FLOP; rough."));
        general.setId("general-error");
        general.setWrapText(true);
        general.setStyle("-fx-text-fill: -color-danger-fg;");
        dataInfo.setWrapText(true);

        Button open = new Button("Open config...");
        open.setId("open-config");
        open.setOnAction(e -> openConfig());
        Button save = new Button("Save config...");
        save.setId("save-config");
        save.setOnAction(e -> saveConfig());
        Button reset = new Button("Default");
        train.setId("train");
        train.setDefaultButton(true);
        train.setStyle("-fx-font-size: 15px; -fx-font-weight: bold;");
        train.setOnAction(e -> {
            if (model.valid()) {
                onTrain.accept(model.spec());
            }
        });
        Button quick = new Button("Quick try");
        quick.setId("quick-try");
        quick.setOnAction(e -> {
            model.load(org.moeworkbench.engine.config.ExperimentConfig.quickTry());
            if (model.valid()) {
                onTrain.accept(model.spec());
            }
        });
        quick.setTooltip(Charts.tip("Trains the default MoE on the sample data for 3 epochs (a few minutes on 2 cores);"
                + " its figures open in the Run tab when it ends, each with a short explanation."));
        HBox actions = new HBox(8, train, quick, open, save, reset);
        reset.setOnAction(e -> {
            if (org.moeworkbench.app.fx.Dialogs.confirm(
                    "Reset the form",
                    "Set every field to the family's default? What you changed is lost (Save config... keeps it).",
                    "Reset")) {
                model.loadDefault();
            }
        });
        reset.setTooltip(
                Charts.tip("The family's default: for sparse MoE a small ConvNeXt on the sample data, Last 2, E=4,"
                        + " k=1, linear router; for hard MoE the demo sample-hardmoe.json (K = 4, 8, 16)."));

        hardNote.setId("hard-note");
        hardNote.setWrapText(true);
        hardNote.setText("Hard MoE (Gross et al. 2017): the backbone, data and training settings describe the trunk;"
                + " the gater is PCA + K-means on the trunk's features (no balancing), then one expert (the trunk's"
                + " architecture) per cluster. Evaluating costs about 2x the trunk: the trunk plus one expert."
                + " Train queues one run per K; they share one trunk.");

        VBox right = new VBox(
                10,
                new HBox(8, new Label("MoE family:"), family),
                placements,
                hardNote,
                diagram,
                totals,
                dataInfo,
                general,
                runTargetSlot,
                actions);
        right.setPadding(new Insets(10));
        setCenter(right);

        model.layout().addListener((obs, old, now) -> diagram.show(now));
        diagram.show(model.layout().get());
        model.totals().addListener((obs, old, now) -> showTotals());
        model.config().addListener((obs, old, now) -> {
            showTotals();
            train.setDisable(!model.valid());
        });
        model.hardConfig().addListener((obs, old, now) -> train.setDisable(!model.valid()));
        model.family().addListener((obs, old, now) -> showFamily(placements));
        showFamily(placements);
        model.errors().addListener((MapChangeListener<String, String>) c -> showErrors());
        model.generalError().addListener((obs, old, now) -> showErrors());
        model.dataShape()
                .addListener((obs, old, now) -> dataInfo.setText(now == null ? "" : "Data: " + now.description()));
        if (model.dataShape().get() != null) {
            dataInfo.setText("Data: " + model.dataShape().get().description());
        }
        model.dataProbe().addListener((obs, old, now) -> {
            DataShape shape = model.dataShape().get();
            boolean failed = !model.generalError().get().isEmpty();
            dataInfo.setText(!now.isEmpty() ? now : shape == null || failed ? "" : "Data: " + shape.description());
        });
        model.value("data.source").addListener((obs, old, now) -> model.probeData());
        model.value("data.format").addListener((obs, old, now) -> model.probeData());
        showErrors();
        showTotals();
        train.setDisable(!model.valid());
    }

    /** Shows the sections of the chosen family: the MoE-layer fields for sparse, the hard-MoE fields for hard. */
    private void showFamily(Node placements) {
        boolean hard = model.hard();
        show(sectionPanes.get(FieldInfo.MOE), !hard);
        show(sectionPanes.get(FieldInfo.HARD), hard);
        show(placements, !hard);
        show(hardNote, hard);
        diagram.showTrunk(hard);
        diagram.show(model.layout().get());
        showTotals();
        train.setDisable(!model.valid());
    }

    private static void show(Node node, boolean visible) {
        if (node != null) {
            node.setVisible(visible);
            node.setManaged(visible);
        }
    }

    private void addField(GridPane grid, FieldInfo info) {
        // two grid rows per field (value, then its error); getRowCount() ignores the hidden error labels
        int row = 2
                * (int) controls.keySet().stream()
                        .filter(k -> FieldInfo.get(k).section().equals(info.section()))
                        .count();
        Label label = new Label(info.label());
        label.setTooltip(Charts.tip(info.tooltip()));
        Control control;
        if (info.isChoice()) {
            ComboBox<String> combo = new ComboBox<>();
            combo.getItems().addAll(info.choices());
            combo.valueProperty().bindBidirectional(model.value(info.key()));
            combo.setMaxWidth(Double.MAX_VALUE);
            control = combo;
        } else {
            TextField text = new TextField();
            text.textProperty().bindBidirectional(model.value(info.key()));
            control = text;
        }
        control.setId("field-" + cssId(info.key()));
        control.setTooltip(Charts.tip(info.key() + ": " + info.tooltip()));
        GridPane.setHgrow(control, Priority.ALWAYS);
        Node input = control;
        if (info.key().equals("data.source")) {
            Button file = new Button("File");
            file.setOnAction(e -> chooseData(false));
            Button folder = new Button("Folder");
            folder.setOnAction(e -> chooseData(true));
            Button sample = new Button("Sample");
            sample.setOnAction(e -> {
                model.value("data.source").set("sample");
                model.value("data.format").set("sample");
            });
            for (Button b : new Button[] {file, folder, sample}) {
                b.setMinWidth(Region.USE_PREF_SIZE);
            }
            file.setTooltip(Charts.tip("Pick a dataset file (IDX, CIFAR binary)."));
            folder.setTooltip(Charts.tip("Pick a dataset folder (class folders, tagged folder, CIFAR folder)."));
            sample.setTooltip(Charts.tip("Back to the embedded sample data."));
            // the buttons under the path: beside it they squeezed the field to nothing in the form's column
            control.setMaxWidth(Double.MAX_VALUE);
            input = new VBox(3, control, new HBox(3, file, folder, sample));
        }
        Label error = new Label();
        error.setId("error-" + cssId(info.key()));
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: #d9302c; -fx-font-size: 11px;");
        error.setMaxWidth(330);
        error.setManaged(false);
        error.setVisible(false);
        grid.add(label, 0, row);
        grid.add(input, 1, row);
        grid.add(error, 0, row + 1, 2, 1);
        controls.put(info.key(), control);
        errorLabels.put(info.key(), error);
    }

    private static void scrollTo(ScrollPane scroll, VBox content, Control control) {
        javafx.geometry.Bounds field = content.sceneToLocal(control.localToScene(control.getBoundsInLocal()));
        double viewport = scroll.getViewportBounds().getHeight();
        double extra = content.getHeight() - viewport;
        if (extra <= 0) {
            return;
        }
        double top = scroll.getVvalue() * extra;
        if (field.getMinY() < top || field.getMaxY() > top + viewport) {
            scroll.setVvalue(Math.max(0, Math.min(1, (field.getMinY() - viewport / 3) / extra)));
        }
    }

    /** A field's CSS id: dots are selectors in CSS, so moe.topK becomes moe_topK. */
    public static String cssId(String key) {
        return key.replace('.', '_');
    }

    private void showErrors() {
        for (Map.Entry<String, Label> e : errorLabels.entrySet()) {
            String reason = model.errors().get(e.getKey());
            Label label = e.getValue();
            label.setText(reason == null ? "" : reason);
            label.setVisible(reason != null);
            label.setManaged(reason != null);
            controls.get(e.getKey()).setStyle(reason == null ? "" : ERROR_STYLE);
        }
        String all = model.describeErrors();
        general.setText(all.isEmpty() ? "" : "Cannot train yet: " + all);
        train.setDisable(!model.valid());
    }

    private void showTotals() {
        if (model.totals().get() == null) {
            totals.setText("");
            return;
        }
        String epochs = model.value("training.epochs").get();
        int n;
        try {
            n = Integer.parseInt(epochs.trim());
        } catch (RuntimeException e) {
            n = 1;
        }
        String prefix = model.config().get() == null ? "(last valid config) " : "";
        if (model.hard()) {
            prefix += "Trunk (each expert is the same size): ";
        }
        totals.setText(prefix + model.totals().get().describe(n));
    }

    private void chooseData(boolean folder) {
        File chosen;
        if (folder) {
            chosen = new DirectoryChooser().showDialog(getScene().getWindow());
        } else {
            chosen = new FileChooser().showOpenDialog(getScene().getWindow());
        }
        if (chosen != null) {
            model.value("data.format").set("auto");
            model.value("data.source").set(chosen.getAbsolutePath());
        }
    }

    private void openConfig() {
        FileChooser chooser = new FileChooser();
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Experiment config (JSON)", "*.json"));
        File file = chooser.showOpenDialog(getScene().getWindow());
        if (file != null) {
            try {
                model.open(file.toPath());
            } catch (RuntimeException e) {
                new Alert(Alert.AlertType.ERROR, e.getMessage()).showAndWait();
            }
        }
    }

    private void saveConfig() {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(model.value("name").get() + ".json");
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            try {
                model.save(Path.of(file.getPath()));
            } catch (java.io.IOException e) {
                new Alert(Alert.AlertType.ERROR, e.getMessage()).showAndWait();
            }
        }
    }

    /** Shows where Train trains (this machine or a Spark master) above the Train button. */
    public void showRunTarget(javafx.scene.Node pane) {
        runTargetSlot.getChildren().setAll(pane);
    }
}
