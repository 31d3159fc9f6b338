package org.moeworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.fx.Themes;
import org.moeworkbench.app.runs.RunsBrowserModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/** The window's chrome, headless: theme switch, keyboard shortcuts, the run view's figure notes. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchChromeUiTest {
    @TempDir
    static Path runs;

    private WorkbenchApp app;

    @BeforeAll
    static void trainOneRun() throws IOException {
        TinyConfigs.trainWithTheCli(runs, TinyConfigs.tiny("chrome-moe", 1));
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

    @Test
    void liveChartsDrawTheirSeriesInTheExportedFiguresColours(FxRobot robot) {
        javafx.scene.chart.LineChart<Number, Number> chart = new javafx.scene.chart.LineChart<>(
                new javafx.scene.chart.NumberAxis(), new javafx.scene.chart.NumberAxis());
        for (int s = 0; s < 2; s++) {
            javafx.scene.chart.XYChart.Series<Number, Number> series = new javafx.scene.chart.XYChart.Series<>();
            series.getData().add(new javafx.scene.chart.XYChart.Data<>(0, s));
            series.getData().add(new javafx.scene.chart.XYChart.Data<>(1, s + 1));
            chart.getData().add(series);
        }
        robot.interact(() -> {
            javafx.scene.Scene scene = new javafx.scene.Scene(chart, 300, 200);
            scene.getStylesheets().add(Themes.CHART_COLOURS);
            chart.applyCss();
            chart.layout();
        });
        javafx.scene.shape.Path first = (javafx.scene.shape.Path) chart.lookup(".default-color0.chart-series-line");
        javafx.scene.shape.Path second = (javafx.scene.shape.Path) chart.lookup(".default-color1.chart-series-line");
        assertEquals(javafx.scene.paint.Color.web("#0072B2"), first.getStroke(), "plots.Palette's first colour");
        assertEquals(javafx.scene.paint.Color.web("#D55E00"), second.getStroke(), "and its second");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theThemeSwitchesAndIsRememberedForTheNextStart(FxRobot robot) {
        ComboBox<Themes> theme = robot.lookup("#theme").queryAs(ComboBox.class);
        Themes before = theme.getValue();
        try {
            robot.interact(() -> theme.setValue(Themes.DARK));
            assertEquals(new PrimerDark().getUserAgentStylesheet(), Application.getUserAgentStylesheet());
            assertEquals(Themes.DARK, Themes.initial(Themes.preferences()), "remembered");
            robot.interact(() -> theme.setValue(Themes.LIGHT));
            assertEquals(new PrimerLight().getUserAgentStylesheet(), Application.getUserAgentStylesheet());
        } finally {
            robot.interact(() -> theme.setValue(before));
        }
    }

    @Test
    void ctrlAndADigitSelectsAMainTab(FxRobot robot) {
        TabPane tabs = robot.lookup("#main-tabs").queryAs(TabPane.class);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT4).release(KeyCode.DIGIT4, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Runs", tabs.getSelectionModel().getSelectedItem().getText());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Designer", tabs.getSelectionModel().getSelectedItem().getText());
    }

    @Test
    void eachFigureTabSaysWhatToNoticeUntilTheNotesAreHidden(FxRobot robot) throws IOException, TimeoutException {
        var run = RunsBrowserModel.scan(runs).get(0);
        robot.interact(() -> app.openRun(run));
        WaitForAsyncUtils.waitFor(2, TimeUnit.MINUTES, () -> app.runView().figures() != null);
        WaitForAsyncUtils.waitForFxEvents();
        var notes = robot.lookup(".explanation").queryAllAs(Label.class);
        assertEquals(6, notes.size(), "one note per figure tab");
        Label curves = notes.stream()
                .filter(l -> l.getText().startsWith("Loss should fall"))
                .findFirst()
                .orElseThrow();
        assertTrue(curves.isVisible());
        robot.interact(
                () -> robot.lookup("#explain-figures").queryAs(CheckBox.class).setSelected(false));
        assertFalse(notes.stream().anyMatch(Label::isVisible), "hidden with the check box");
    }
}
