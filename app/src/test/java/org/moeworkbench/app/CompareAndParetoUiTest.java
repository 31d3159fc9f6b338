package org.moeworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.plots.Figure;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The Compare and Pareto views, headless, driven from the Runs tab on a real MoE run and its dense twin. */
@ExtendWith(ApplicationExtension.class)
class CompareAndParetoUiTest {
    @TempDir
    static Path runs;

    private WorkbenchApp app;

    @BeforeAll
    static void trainAMoeRunAndItsDenseTwin() throws IOException {
        ExperimentConfig moe = TinyConfigs.tiny("pair-moe", 1);
        ExperimentConfig dense = TinyConfigs.tinyDense("pair-dense", 1);
        TinyConfigs.trainWithTheCli(runs, moe, dense);
    }

    @Start
    void start(Stage stage) {
        app = new WorkbenchApp(runs);
        app.start(stage);
    }

    @Stop
    void stop() {
        app.stop();
    }

    private TableView<?> allRunsSelected(FxRobot robot) throws TimeoutException {
        robot.interact(app::refreshRuns);
        WaitForAsyncUtils.waitFor(1, TimeUnit.MINUTES, () -> app.runs().runs().size() == 2);
        robot.clickOn("Runs");
        TableView<?> table = robot.lookup("#runs-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> table.getSelectionModel().selectAll());
        return table;
    }

    @Test
    void compareDiffsTheConfigsAndOverlaysBothRunsCurves(FxRobot robot) throws TimeoutException {
        allRunsSelected(robot);
        robot.clickOn("#compare-runs");
        WaitForAsyncUtils.waitForFxEvents();
        TabPane main = robot.lookup("#main-tabs").queryAs(TabPane.class);
        assertEquals("Compare", main.getSelectionModel().getSelectedItem().getText());
        TableView<?> diff = robot.lookup("#compare-diff").queryAs(TableView.class);
        assertTrue(
                robot.lookup("#compare-diff .table-cell").queryAll().stream()
                        .anyMatch(n -> n instanceof javafx.scene.control.TableCell<?, ?> c
                                && "moe.experts".equals(c.getText())),
                "the differing field moe.experts is listed: " + diff.getItems());
        XYChart<?, ?> accuracy = robot.lookup("#compare-accuracy").queryAs(XYChart.class);
        assertEquals(2, accuracy.getData().size(), "one validation curve per run");
    }

    @Test
    void paretoPlotsBothRunsAndSwitchesItsCostAxis(FxRobot robot) throws TimeoutException {
        allRunsSelected(robot);
        robot.clickOn("#pareto-runs");
        WaitForAsyncUtils.waitFor(1, TimeUnit.MINUTES, () -> app.paretoView().figure() != null);
        WaitForAsyncUtils.waitForFxEvents();
        Figure active = app.paretoView().figure();
        assertEquals("parameters active per image", active.x().label());
        assertEquals(1, points(active, "dense runs"));
        assertEquals(1, points(active, "MoE runs"));
        @SuppressWarnings("unchecked")
        ComboBox<ParetoFront.Cost> cost = robot.lookup("#pareto-cost").queryAs(ComboBox.class);
        robot.interact(() -> cost.getSelectionModel().select(ParetoFront.Cost.PARAMS_TOTAL));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("parameters (total)", app.paretoView().figure().x().label());
        robot.clickOn("#pareto-papers");
        WaitForAsyncUtils.waitForFxEvents();
        List<String> names = app.paretoView().figure().series().stream()
                .map(Figure.Series::name)
                .toList();
        assertTrue(names.size() > active.series().size(), "the papers' points are added: " + names);
    }

    private static int points(Figure figure, String series) {
        return figure.series().stream()
                .filter(s -> s.name().equals(series))
                .mapToInt(s -> s.y().length)
                .sum();
    }
}
