package org.moeworkbench.app.study;

import java.nio.file.Path;
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
import org.moeworkbench.app.queue.StudyRequest;
import org.moeworkbench.engine.config.RunSpec;

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

    /**
     * @param designerSpec the designer's spec, or null while it is invalid
     * @param onStart      queues the study
     */
    public StudyView(
            StudyFormModel model,
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
        box.setMaxWidth(900);
        setCenter(box);
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
