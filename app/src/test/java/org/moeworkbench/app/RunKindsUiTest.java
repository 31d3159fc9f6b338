package org.moeworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.designer.DesignerModel;
import org.moeworkbench.app.queue.RunJob;
import org.moeworkbench.app.run.RunModel;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.hardmoe.TinyHardMoe;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The run kinds other than a sparse MoE, headless on real tiny runs: the designer in hard-MoE mode trains a hard MoE
 * whose run view shows its cluster views; a dense run opens with its curves and one tab saying why there are no
 * expert views; the run view's export writes where its status line says.
 */
@ExtendWith(ApplicationExtension.class)
class RunKindsUiTest {
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

    private static List<String> tabNames(TabPane tabs) {
        return tabs.getTabs().stream().map(Tab::getText).toList();
    }

    /** Visible on screen: the node and every parent (a hidden form section hides its fields). */
    private static boolean shown(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** Every text the designer shows (labels and the diagram's texts), visible ones only. */
    private static List<String> visibleTexts(FxRobot robot) {
        return Stream.concat(
                        robot.lookup(".label").queryAllAs(Label.class).stream()
                                .filter(RunKindsUiTest::shown)
                                .map(Label::getText),
                        robot.lookup(n -> n instanceof Text t && shown(t)).queryAllAs(Text.class).stream()
                                .map(Text::getText))
                .filter(t -> t != null)
                .toList();
    }

    @Test
    void theHardMoeDesignerTrainsAHardMoeWhoseRunViewShowsItsClusters(FxRobot robot) throws TimeoutException {
        @SuppressWarnings("unchecked")
        ComboBox<String> family = robot.lookup("#family").queryAs(ComboBox.class);
        robot.interact(() -> family.getSelectionModel().select(DesignerModel.HARD));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(shown(robot.lookup("#field-clusters").query()), "the hard-MoE fields are shown");
        assertTrue(shown(robot.lookup("#hard-note").query()), "the note on what a hard MoE trains");
        assertFalse(shown(robot.lookup("#field-moe_topK").query()), "no top-k: a hard MoE routes whole images");
        assertTrue(
                visibleTexts(robot).stream().noneMatch(t -> t.contains("Click a block")),
                "a trunk's blocks cannot be toggled, so nothing says so");

        robot.interact(() -> app.designer().load(TinyHardMoe.onSample("ui-hard", 1, List.of(2))));
        assertEquals(DesignerModel.HARD, family.getValue());
        robot.clickOn("#train");
        RunJob job = app.queue().jobs().get(0);
        WaitForAsyncUtils.waitFor(5, TimeUnit.MINUTES, () -> job.status().get().finished());
        assertEquals(RunJob.Status.COMPLETED, job.status().get(), job.message().get());
        assertTrue(job.message().get().contains("p@1"), job.message().get());
        WaitForAsyncUtils.waitFor(2, TimeUnit.MINUTES, () -> app.runView().hardFigures() != null);
        WaitForAsyncUtils.waitForFxEvents();
        TabPane main = robot.lookup("#main-tabs").queryAs(TabPane.class);
        assertEquals("Run", main.getSelectionModel().getSelectedItem().getText(), "a finished run opens its views");
        assertEquals(
                List.of("Cluster images", "Tags over clusters", "Cluster sizes"),
                tabNames(app.runView().tabs()));
        Label title = robot.lookup("#run-title").queryAs(Label.class);
        assertTrue(
                title.getText().contains("ui-hard")
                        && title.getText().contains("hard MoE")
                        && title.getText().contains("K=2 clusters")
                        && title.getText().contains(", p@1 "),
                "named as a hard MoE is: K clusters, scored by p@1: " + title.getText());
    }

    @Test
    void aDenseRunOpensWithItsCurvesAndExportsWhereItsStatusSays(FxRobot robot) throws IOException, TimeoutException {
        TinyConfigs.trainWithTheCli(runs, TinyConfigs.tinyDense("ui-dense", 1));
        robot.interact(app::refreshRuns);
        WaitForAsyncUtils.waitFor(1, TimeUnit.MINUTES, () -> !app.runs().runs().isEmpty());
        RunSummary run = app.runs().runs().get(0);
        robot.interact(() -> app.openRun(run));
        WaitForAsyncUtils.waitFor(2, TimeUnit.MINUTES, () -> app.runView().figures() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(
                List.of("Training curves", "MoE views"), tabNames(app.runView().tabs()));
        Label title = robot.lookup("#run-title").queryAs(Label.class);
        assertTrue(title.getText().contains("dense"), title.getText());

        Path out = tmp.resolve("export-" + System.nanoTime());
        // what *Export data (CSV)...* does once its folder dialog (a native window, not drivable here) returns
        robot.interact(() -> app.runView().model().export(RunModel.ExportFormat.CSV, out));
        Label status = robot.lookup("#export-status").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(1, TimeUnit.MINUTES, () -> status.getText().startsWith("Wrote "));
        Path written = out.resolve(run.id());
        assertTrue(status.getText().endsWith(" files to " + written), status.getText());
        try (Stream<Path> files = Files.list(written)) {
            List<Path> all = files.toList();
            assertTrue(
                    status.getText().startsWith("Wrote " + all.size() + " files"),
                    status.getText() + " but " + all.size() + " files there");
            assertTrue(all.contains(written.resolve("training-loss.csv")), "the curves' data: " + all);
        }
    }
}
