package org.moeworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.queue.RunJob;
import org.moeworkbench.cli.MoeCli;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.ConfigJson;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The workbench headless (TestFX on Monocle) with the real engine on tiny runs. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchUiTest {
    @TempDir
    static Path tmp;

    private WorkbenchApp app;
    private Path runs;

    @Start
    void start(Stage stage) {
        runs = tmp.resolve("runs-" + System.nanoTime());
        app = new WorkbenchApp(runs);
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    @Test
    void anInvalidValueShowsTheReasonAtTheField(FxRobot robot) {
        robot.interact(() -> robot.lookup("#field-moe_topK").query().requestFocus());
        robot.clickOn("#field-moe_topK").eraseText(1).write("9");
        Label error = robot.lookup("#error-moe_topK").queryAs(Label.class);
        assertTrue(error.isVisible());
        assertEquals("moe.topK = 9 is not allowed: 1 <= topK <= experts (4)", error.getText());
        assertTrue(robot.lookup("#train").queryButton().isDisabled(), "an invalid config cannot be trained");
        robot.eraseText(1).write("1");
        assertFalse(error.isVisible());
        assertFalse(robot.lookup("#train").queryButton().isDisabled());
    }

    @Test
    void aTinyRunShowsProgressCurvesAndThenItsViews(FxRobot robot) throws TimeoutException {
        // an alarm threshold every 2-expert layer trips after 3 steps: the health strip must raise it
        robot.interact(() -> app.designer().load(TinyConfigs.tinyWithAlarm("ui-tiny", 2, 0.3, 3)));
        robot.clickOn("#train");
        RunJob job = app.queue().jobs().get(0);
        WaitForAsyncUtils.waitFor(3, TimeUnit.MINUTES, () -> job.progress().get() > 0);
        WaitForAsyncUtils.waitForFxEvents();
        XYChart<?, ?> loss = robot.lookup("#chart-loss").queryAs(XYChart.class);
        assertFalse(loss.getData().get(0).getData().isEmpty(), "curve points appear while it trains");
        javafx.scene.chart.NumberAxis epochs = (javafx.scene.chart.NumberAxis)
                robot.lookup("#chart-accuracy").queryAs(XYChart.class).getXAxis();
        assertEquals(0, epochs.getLowerBound(), "epochs from 0");
        assertTrue(epochs.getUpperBound() >= 2 && epochs.getTickUnit() == 1, "whole epochs, not 0.0 0.1 ... 1.1");
        WaitForAsyncUtils.waitFor(3, TimeUnit.MINUTES, () -> job.alarms().size() >= 2);
        WaitForAsyncUtils.waitForFxEvents();
        org.moeworkbench.app.fx.HealthStrip strip = app.queueView().healthStrip();
        List<String> lines = strip.lines();
        assertEquals(2, lines.size(), "one health line per MoE layer: " + lines);
        assertTrue(
                lines.get(0).startsWith("Block 2: ") && lines.get(0).contains(" of 2 effective experts"), lines.get(0));
        assertTrue(
                strip.alarmText().contains("routing collapse in block")
                        && strip.alarmText().contains("moe.collapseShare"),
                strip.alarmText());
        assertTrue(robot.lookup("#health-alarm").query().isVisible(), "the alarm is visible");
        WaitForAsyncUtils.waitFor(3, TimeUnit.MINUTES, () -> job.status().get().finished());
        assertEquals(RunJob.Status.COMPLETED, job.status().get(), job.message().get());
        WaitForAsyncUtils.waitForFxEvents();
        TabPane main = robot.lookup("#main-tabs").queryAs(TabPane.class);
        assertEquals("Run", main.getSelectionModel().getSelectedItem().getText(), "a completed run opens its views");
        WaitForAsyncUtils.waitFor(2, TimeUnit.MINUTES, () -> app.runView().figures() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertViewsHaveContent(robot);
        TabPane live = app.liveRouting().figures();
        WaitForAsyncUtils.waitFor(1, TimeUnit.MINUTES, () -> !live.getTabs().isEmpty());
        assertEquals("Jaccard per layer", live.getTabs().get(0).getText(), "live routing views refreshed");
    }

    @Test
    void aCancelledRunShowsAsCancelled(FxRobot robot) throws TimeoutException {
        robot.interact(() -> app.designer().load(TinyConfigs.tiny("ui-cancel", 500)));
        robot.clickOn("#train");
        RunJob job = app.queue().jobs().get(0);
        WaitForAsyncUtils.waitFor(3, TimeUnit.MINUTES, () -> !job.loss().isEmpty());
        robot.clickOn("#cancel");
        WaitForAsyncUtils.waitFor(3, TimeUnit.MINUTES, () -> job.status().get().finished());
        assertEquals(RunJob.Status.CANCELLED, job.status().get());
        WaitForAsyncUtils.waitForFxEvents();
        TableView<?> table = robot.lookup("#queue-table").queryAs(TableView.class);
        assertTrue(
                robot.lookup(".table-cell").queryAll().stream()
                        .anyMatch(n ->
                                n instanceof javafx.scene.control.TableCell<?, ?> c && "cancelled".equals(c.getText())),
                "the queue table says cancelled");
    }

    @Test
    void opensARunDirectoryMadeByTheCli(FxRobot robot) throws IOException, TimeoutException {
        Path config = tmp.resolve("cli-run.json");
        ConfigJson.write(config, TinyConfigs.tiny("from-cli", 1));
        assertEquals(0, MoeCli.run("train", "--config", config.toString(), "--runs", runs.toString(), "--plain"));
        robot.interact(app::refreshRuns);
        WaitForAsyncUtils.waitFor(1, TimeUnit.MINUTES, () -> !app.runs().runs().isEmpty());
        robot.clickOn("Runs");
        TableView<?> table = robot.lookup("#runs-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, table.getItems().size());
        robot.interact(() -> table.getSelectionModel().select(0));
        robot.clickOn("#open-run");
        RunSummary shown = app.runView().shown();
        assertTrue(shown.id().endsWith("from-cli"), shown.id());
        assertEquals("completed", shown.status());
        Label title = robot.lookup("#run-title").queryAs(Label.class);
        assertTrue(title.getText().contains("from-cli"));
        WaitForAsyncUtils.waitFor(2, TimeUnit.MINUTES, () -> app.runView().figures() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertViewsHaveContent(robot);
        // how much the MoE layers matter: accuracy with them switched off, expert-class mutual information
        assertTrue(
                title.getText().contains("MoE layers off at test: ")
                        && title.getText().contains("expert-class mutual information: block "),
                title.getText());
        // the What-if tab: switch an expert off, evaluate, see the deltas and the redrawn routing
        TabPane tabs = app.runView().tabs();
        robot.interact(() -> tabs.getSelectionModel()
                .select(tabs.getTabs().stream()
                        .filter(t -> t.getText().equals("What-if"))
                        .findFirst()
                        .orElseThrow()));
        robot.clickOn("#whatif-expert-3-1");
        assertEquals("1 off", robot.lookup("#whatif-expert-3-1").queryButton().getText());
        robot.clickOn("#whatif-evaluate");
        Label status = robot.lookup("#whatif-status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(2, TimeUnit.MINUTES, () -> status.getText().contains("->"));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(status.getText().startsWith("Expert 1 of block 3 off: accuracy "), status.getText());
        assertTrue(robot.lookup("#whatif-load").tryQuery().isPresent(), "the load of both routings is drawn");
        assertTrue(robot.lookup("#whatif-routing-map").tryQuery().isPresent(), "the what-if routing map is drawn");
    }

    /** Every run view tab holds figures drawn from the run's analysis (sparse MoE run with routing). */
    private void assertViewsHaveContent(FxRobot robot) {
        TabPane tabs = app.runView().tabs();
        List<String> names =
                tabs.getTabs().stream().map(javafx.scene.control.Tab::getText).toList();
        assertEquals(
                List.of(
                        "Training curves",
                        "Images by expert",
                        "Routing map",
                        "Jaccard",
                        "Expert x class",
                        "Experts per image CDF",
                        "What-if"),
                names);
        for (String name : names) {
            javafx.scene.Node content = tabs.getTabs().get(names.indexOf(name)).getContent();
            assertFalse(
                    content.lookupAll(".figure-pane").isEmpty()
                            && !content.getStyleClass().contains("figure-pane"),
                    name + " shows figures");
        }
        org.moeworkbench.app.run.RunFiguresModel figures = app.runView().figures();
        assertTrue(figures.hasRouting());
        assertEquals(2, figures.layers());
        assertFalse(figures.trainingLoss().series().isEmpty(), "the loss curve has points");
    }
}
