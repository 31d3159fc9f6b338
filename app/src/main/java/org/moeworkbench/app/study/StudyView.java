package org.moeworkbench.app.study;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.moeworkbench.app.fx.FigurePane;
import org.moeworkbench.app.queue.StudyRequest;
import org.moeworkbench.engine.analysis.StudyTable;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.plots.ComparisonFigures;

/**
 * The study form: the designer's config with one or two settings varied and several seeds, as {@code moe sweep}
 * trains it, on this machine or on a Spark master. The queue shows each task; {@code moe study FOLDER} prints the
 * table, the Runs tab lists the runs and the Pareto view groups the seeds.
 */
public final class StudyView extends BorderPane {
    private final StudyFormModel model;
    private final Label base = new Label();
    private final Label summary = new Label();
    private final Label problem = new Label();
    private final Button start = new Button("Start study");
    private final Supplier<RunSpec> designerSpec;
    private final Supplier<Path> runsFolder;
    private final RunTarget target;
    private FigurePane resultsFigure;

    /**
     * @param designerSpec the designer's spec, or null while it is invalid
     * @param onStart      queues the study
     */
    public StudyView(
            StudyFormModel model,
            StudyResultsModel results,
            Supplier<RunSpec> designerSpec,
            Supplier<Path> runsFolder,
            RunTarget target,
            Supplier<Path> sparkBuild,
            Consumer<StudyRequest> onStart) {
        this.model = model;
        this.designerSpec = designerSpec;
        this.runsFolder = runsFolder;
        this.target = target;
        Label intro = new Label("A study trains the designer's config several times: one or two settings varied (the"
                + " rows and columns of Sweet Spot's tables) and each combination with several seeds, so a difference"
                + " can be told from noise (mean \u00b1 std). On a Spark master every run is one task.");
        intro.setWrapText(true);

        GridPane form = new GridPane();
        form.setHgap(8);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // "Vary (columns):" never cut short
        form.getColumnConstraints().add(labels);
        form.setVgap(6);
        TextField name = field("study-name", model.name(), "default: <config name>-study");
        form.addRow(0, new Label("Base config:"), base);
        form.addRow(1, new Label("Study name:"), name);
        form.addRow(
                2,
                new Label("Vary (rows):"),
                fieldChoice("study-field-1", model.field1()),
                field("study-values-1", model.values1(), "values: 4,8,16"));
        form.addRow(
                3,
                new Label("Vary (columns):"),
                fieldChoice("study-field-2", model.field2()),
                field("study-values-2", model.values2(), "optional: e.g. last2,stage"));
        form.addRow(
                4,
                new Label("Seeds:"),
                field("study-seeds", model.seeds(), "3 = the config's seed and the next two; or 1,5,9; empty = once"));

        base.setId("study-base");
        summary.setId("study-summary");
        summary.setWrapText(true);
        problem.setId("study-problem");
        problem.setWrapText(true);
        problem.setStyle("-fx-text-fill: #c62828;");
        start.setId("start-study");
        start.setStyle("-fx-font-size: 15px; -fx-font-weight: bold;");
        start.setOnAction(e -> {
            StudyFormModel.Checked checked = check();
            if (checked.ok()) {
                onStart.accept(checked.request());
            }
        });
        Label after = new Label("Results: the Queue tab shows every task while it trains; then moe study "
                + "<runs folder>/<study name> prints the table with mean \u00b1 std, and the Runs tab lists the runs.");
        after.setWrapText(true);
        after.setStyle("-fx-font-size: 11px; -fx-opacity: 0.8;");
        VBox box = new VBox(
                10, intro, form, new RunTargetPane(target, sparkBuild, "study"), summary, problem, start, after);
        box.setPadding(new Insets(12));
        javafx.scene.control.ScrollPane formScroll = new javafx.scene.control.ScrollPane(box);
        formScroll.setFitToWidth(true);
        javafx.scene.control.SplitPane split =
                new javafx.scene.control.SplitPane(formScroll, resultsPane(results, runsFolder));
        split.setDividerPositions(0.5);
        setCenter(split);
        for (ObservableValue<?> input : new ObservableValue<?>[] {
            model.name(),
            model.field1(),
            model.values1(),
            model.field2(),
            model.values2(),
            model.seeds(),
            target.onSpark(),
            target.master()
        }) {
            input.addListener((obs, old, now) -> check());
        }
        check();
    }

    /** The chosen study's table (mean ± std and n per setting) and its figure with error bars. */
    private VBox resultsPane(StudyResultsModel results, Supplier<Path> runsFolder) {
        ComboBox<Path> studies = new ComboBox<>(results.studies());
        studies.setId("study-results-choice");
        studies.setPrefWidth(280);
        studies.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Path path) {
                return path == null ? "" : path.getFileName().toString();
            }

            @Override
            public Path fromString(String text) {
                return null;
            }
        });
        studies.valueProperty().bindBidirectional(results.chosen());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> results.rescan(runsFolder.get(), null));
        Label info = new Label();
        info.setId("study-results-info");
        info.setWrapText(true);
        info.textProperty().bind(results.info());
        javafx.scene.control.TableView<StudyTable.Cell> table = new javafx.scene.control.TableView<>();
        table.setId("study-results-table");
        table.setColumnResizePolicy(javafx.scene.control.TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("The settings of the chosen study, one row each, as moe study prints them."));
        table.setPrefHeight(190);
        javafx.scene.layout.StackPane figureSlot = new javafx.scene.layout.StackPane(
                new Label("The chosen study's test accuracy per setting draws here (bars: the mean over the seeds,"
                        + " error bars: one standard deviation)."));
        Runnable show = () -> {
            StudyTable now = results.table().get();
            table.getColumns().setAll(columns(now));
            table.getItems().setAll(now == null ? List.of() : now.cells());
            if (now != null && !now.cells().isEmpty()) {
                if (resultsFigure == null) {
                    resultsFigure = new FigurePane(ComparisonFigures.studyAccuracy(now));
                    resultsFigure.setId("study-results-figure");
                    figureSlot.getChildren().setAll(resultsFigure);
                } else {
                    resultsFigure.setFigure(ComparisonFigures.studyAccuracy(now));
                }
            }
        };
        results.table().addListener((obs, old, now) -> show.run());
        show.run();
        javafx.scene.layout.HBox choose = new javafx.scene.layout.HBox(8, new Label("Results of:"), studies, refresh);
        choose.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox pane = new VBox(8, choose, info, table, figureSlot);
        VBox.setVgrow(figureSlot, javafx.scene.layout.Priority.ALWAYS);
        pane.setPadding(new Insets(12));
        return pane;
    }

    private static List<javafx.scene.control.TableColumn<StudyTable.Cell, String>> columns(StudyTable table) {
        String setting = table == null || table.axes().isEmpty()
                ? "setting"
                : String.join(
                        ", ", table.axes().stream().map(StudyTable.Axis::path).toList());
        return List.of(
                column(setting, 200, StudyResultsModel::setting),
                column("test top-1", 90, StudyResultsModel::mean),
                column("± std", 70, StudyResultsModel::std),
                column("n", 50, cell -> StudyResultsModel.n(table, cell)),
                column(
                        "best val",
                        80,
                        cell -> cell.bestValidationAccuracy() == null
                                ? "-"
                                : org.moeworkbench.engine.analysis.Percent.text(cell.bestValidationAccuracy())),
                column("status", 90, StudyTable.Cell::status));
    }

    private static javafx.scene.control.TableColumn<StudyTable.Cell, String> column(
            String title, double width, java.util.function.Function<StudyTable.Cell, String> value) {
        javafx.scene.control.TableColumn<StudyTable.Cell, String> column =
                new javafx.scene.control.TableColumn<>(title);
        column.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty value, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(24);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    private static ComboBox<String> fieldChoice(String id, javafx.beans.property.StringProperty value) {
        ComboBox<String> box = new ComboBox<>();
        box.setId(id);
        box.setEditable(true);
        box.getItems().add("");
        box.getItems().addAll(StudyFormModel.COMMON_FIELDS);
        box.setPrefWidth(220);
        box.valueProperty().bindBidirectional(value);
        box.getEditor().textProperty().addListener((obs, old, now) -> value.set(now));
        return box;
    }

    /** The figure of the chosen study's test accuracy per setting (error bars: one std over the seeds). */
    public FigurePane resultsFigure() {
        return resultsFigure;
    }

    /** Re-checks the form against the designer's current config; call when the Study tab is shown. */
    public StudyFormModel.Checked check() {
        RunSpec spec = designerSpec.get();
        base.setText(spec == null ? "(the designer's config is not valid yet)" : spec.name() + " (from the Designer)");
        StudyFormModel.Checked checked = model.check(spec, runsFolder.get(), target);
        summary.setText(checked.summary());
        problem.setText(checked.problem());
        start.setDisable(!checked.ok());
        return checked;
    }
}
