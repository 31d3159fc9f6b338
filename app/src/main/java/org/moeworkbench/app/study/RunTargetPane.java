package org.moeworkbench.app.study;

import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.moeworkbench.app.fx.Charts;

/** "Run on: (o) this machine ( ) Spark master [URL]", bound to a shared {@link RunTarget}. */
public final class RunTargetPane extends VBox {
    private final Label note = new Label();

    /**
     * @param sparkBuild where the Spark build is (null: none), asked when Spark is chosen
     * @param idPrefix   prefix of the controls' ids (tests find them by it)
     */
    public RunTargetPane(RunTarget target, Supplier<Path> sparkBuild, String idPrefix) {
        ToggleGroup group = new ToggleGroup();
        RadioButton here = new RadioButton("this machine");
        here.setId(idPrefix + "-run-here");
        RadioButton spark = new RadioButton("Spark master");
        spark.setId(idPrefix + "-run-spark");
        here.setToggleGroup(group);
        spark.setToggleGroup(group);
        TextField master = new TextField();
        master.setId(idPrefix + "-spark-master");
        master.setPrefColumnCount(18);
        master.setPromptText("local[2] or spark://host:7077");
        master.textProperty().bindBidirectional(target.master());
        master.disableProperty().bind(spark.selectedProperty().not());
        (target.onSpark().get() ? spark : here).setSelected(true);
        spark.selectedProperty().addListener((obs, old, now) -> target.onSpark().set(now));
        target.onSpark().addListener((obs, old, now) -> (now ? spark : here).setSelected(true));
        spark.setTooltip(Charts.tip("Train as Spark tasks: each run of a study (each seed) is one task; a single run"
                + " from the designer is a study of one. Runs land in the runs folder as if trained here, so every"
                + " worker must see that folder at the same path (NFS)."));
        HBox row = new HBox(8, new Label("Run on:"), here, spark, master);
        row.setAlignment(Pos.CENTER_LEFT);
        note.setId(idPrefix + "-spark-note");
        note.setWrapText(true);
        note.setStyle("-fx-font-size: 11px; -fx-opacity: 0.8;");
        Runnable show = () -> {
            if (!target.onSpark().get()) {
                note.setText("");
                note.setManaged(false);
                return;
            }
            Path jar = sparkBuild.get();
            String problem = target.problem();
            note.setText(
                    !problem.isEmpty()
                            ? problem
                            : jar == null
                                    ? org.moeworkbench.app.process.SparkBuild.MISSING
                                    : "with the Spark build " + jar
                                            + "; the queue follows each task through the runs folder");
            note.setManaged(true);
        };
        target.onSpark().addListener((obs, old, now) -> show.run());
        target.master().addListener((obs, old, now) -> show.run());
        show.run();
        setSpacing(2);
        getChildren().addAll(row, note);
    }
}
