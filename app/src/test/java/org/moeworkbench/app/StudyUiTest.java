package org.moeworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.process.SparkBuild;
import org.moeworkbench.app.queue.RunJob;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The Study tab and "Run on" headless: a study of the designer's config trains in a child process, one row a task. */
@ExtendWith(ApplicationExtension.class)
class StudyUiTest {
    @TempDir
    static Path tmp;

    private WorkbenchApp app;
    private Path runs;

    @Start
    void start(Stage stage) {
        // no Spark build, whatever this machine has built: the test must not depend on the module order
        System.setProperty(
                SparkBuild.PROPERTY, tmp.resolve("no-spark-build.jar").toString());
        runs = tmp.resolve("runs-" + System.nanoTime());
        app = new WorkbenchApp(runs);
        app.start(stage);
        app.runTarget().onSpark().set(false);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @AfterEach
    void forgetTheSparkBuild() {
        System.clearProperty(SparkBuild.PROPERTY);
    }

    @Test
    void aStudyOfTheDesignersConfigTrainsEveryTaskAndListsItsRuns(FxRobot robot) throws TimeoutException {
        robot.interact(() -> app.designer().load(TinyConfigs.tiny("ui-study", 1)));
        robot.interact(() -> app.select("Study"));
        Label summary = robot.lookup("#study-summary").queryAs(Label.class);
        assertTrue(summary.getText().startsWith("4 runs (moe.experts=4,8, 2 seeds [3, 4])"), summary.getText());
        assertEquals(
                "ui-study (from the Designer)",
                robot.lookup("#study-base").queryAs(Label.class).getText());

        robot.clickOn("#study-values-1").eraseText(3).write("9x");
        Label problem = robot.lookup("#study-problem").queryAs(Label.class);
        assertTrue(problem.getText().contains("moe.experts"), problem.getText());
        assertTrue(robot.lookup("#start-study").queryButton().isDisabled());

        robot.interact(() -> {
            app.studyView().check();
        });
        robot.clickOn("#study-values-1").eraseText(2).write("2,4");
        robot.clickOn("#study-seeds").eraseText(1);
        assertTrue(summary.getText().startsWith("2 runs (moe.experts=2,4)"), summary.getText());
        assertEquals("", problem.getText());
        robot.clickOn("#start-study");

        TabPane main = robot.lookup("#main-tabs").queryAs(TabPane.class);
        assertEquals("Queue", main.getSelectionModel().getSelectedItem().getText());
        List<RunJob> rows = List.copyOf(app.queue().jobs());
        assertEquals(
                List.of("ui-study-study: moe.experts=2", "ui-study-study: moe.experts=4"),
                rows.stream().map(r -> r.name().get()).toList());
        WaitForAsyncUtils.waitFor(
                3,
                TimeUnit.MINUTES,
                () -> rows.stream().allMatch(r -> r.status().get().finished()));
        WaitForAsyncUtils.waitForFxEvents();
        for (RunJob row : rows) {
            assertEquals(
                    RunJob.Status.COMPLETED, row.status().get(), row.message().get());
            assertEquals("this machine", row.where().get());
        }
        assertEquals("Queue", main.getSelectionModel().getSelectedItem().getText(), "a study's runs do not jump away");
        WaitForAsyncUtils.waitFor(1, TimeUnit.MINUTES, () -> app.runs().runs().size() == 2);
        robot.interact(() -> app.select("Runs"));
        TableView<?> table = robot.lookup("#runs-table").queryAs(TableView.class);
        assertEquals(2, table.getItems().size(), "the study's runs are in the Runs tab");

        robot.interact(() -> app.select("Study"));
        WaitForAsyncUtils.waitFor(
                1,
                TimeUnit.MINUTES,
                () -> app.studyResults().table().get() != null
                        && app.studyResults().table().get().cells().stream().allMatch(c -> c.testAccuracy() != null));
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> results = robot.lookup("#study-results-table").queryAs(TableView.class);
        assertEquals(2, results.getItems().size(), "one row per setting");
        assertEquals("moe.experts", results.getColumns().get(0).getText());
        assertEquals("1/1", results.getColumns().get(3).getCellData(0));
        assertTrue(String.valueOf(results.getColumns().get(1).getCellData(1)).endsWith("%"));
        Label info = robot.lookup("#study-results-info").queryAs(Label.class);
        assertTrue(
                info.getText().startsWith("ui-study-study: 2 runs of 2 settings x 1 seed, 2 completed"),
                info.getText());
        assertEquals("study-accuracy", app.studyView().resultsFigure().figure().id());
    }

    @Test
    void runOnSparkIsOneChoiceForDesignerAndStudyAndSaysWhatItNeeds(FxRobot robot) throws TimeoutException {
        robot.interact(() -> app.designer().load(TinyConfigs.tiny("ui-spark", 1)));
        robot.clickOn("#designer-run-spark");
        assertTrue(app.runTarget().onSpark().get());
        Label note = robot.lookup("#designer-spark-note").queryAs(Label.class);
        assertTrue(
                note.getText().contains("no Spark build found")
                        && note.getText().contains("-Dmoe.sparkJar"),
                note.getText());
        robot.interact(() -> app.select("Study"));
        assertTrue(
                robot.lookup("#study-run-spark")
                        .queryAs(javafx.scene.control.RadioButton.class)
                        .isSelected(),
                "the study form shows the same choice");
        assertTrue(robot.lookup("#study-summary").queryAs(Label.class).getText().contains("on Spark local[2]"));

        robot.interact(() -> app.select("Designer"));
        robot.clickOn("#train");
        List<RunJob> rows = List.copyOf(app.queue().jobs());
        assertEquals(1, rows.size(), "a single run on Spark is a study of one");
        RunJob row = rows.get(0);
        assertTrue(row.name().get().startsWith("ui-spark-spark-"), row.name().get());
        WaitForAsyncUtils.waitFor(1, TimeUnit.MINUTES, () -> row.status().get().finished());
        assertEquals(RunJob.Status.FAILED, row.status().get());
        assertTrue(
                row.message().get().contains("spark/target/moe-spark.jar"),
                row.message().get());
        assertEquals("Spark local[2]", row.where().get());
        assertEquals(
                "Queue",
                robot.lookup("#main-tabs")
                        .queryAs(TabPane.class)
                        .getSelectionModel()
                        .getSelectedItem()
                        .getText());
        robot.interact(() -> app.select("Designer"));
        robot.clickOn("#designer-run-here");
        assertFalse(app.runTarget().onSpark().get());
    }
}
