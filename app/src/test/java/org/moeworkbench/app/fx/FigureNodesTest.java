package org.moeworkbench.app.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.moeworkbench.plots.ComparisonFigures;
import org.moeworkbench.plots.Figure;
import org.moeworkbench.plots.PaperOverlay;
import org.testfx.api.FxToolkit;

/** The JavaFX node of a figure renders (headless, Monocle + software pipeline) and can swap its figure. */
class FigureNodesTest {

    /** Through TestFX, as the app's other UI tests: a toolkit started by Platform.startup breaks their robot. */
    @BeforeAll
    static void startFx() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void nodeRendersTheChartAndSwapsFigures() throws Exception {
        Figure first = ComparisonFigures.paperMoeGain();
        Figure second = ComparisonFigures.paperPareto(
                PaperOverlay.grossFigure4(), org.moeworkbench.engine.analysis.ParetoFront.Cost.PARAMS_TOTAL);
        CompletableFuture<int[]> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                ChartViewer node = FigureNodes.node(first);
                StackPane root = new StackPane(node);
                Scene scene = new Scene(root, 640, 420);
                root.applyCss();
                root.layout();
                WritableImage shot = node.snapshot(null, null);
                Set<Integer> colours = new HashSet<>();
                for (int y = 0; y < shot.getHeight(); y += 3) {
                    for (int x = 0; x < shot.getWidth(); x += 3) {
                        colours.add(shot.getPixelReader().getArgb(x, y));
                    }
                }
                String before = node.getChart().getTitle().getText();
                FigureNodes.show(node, second);
                String after = node.getChart().getTitle().getText();
                assertEquals(first.title(), before);
                assertEquals(second.title(), after);
                result.complete(new int[] {
                    (int) shot.getWidth(), (int) shot.getHeight(), colours.size(), scene.getWidth() > 0 ? 1 : 0
                });
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        int[] r = result.get(60, TimeUnit.SECONDS);
        assertEquals(640, r[0]);
        assertEquals(420, r[1]);
        assertTrue(r[2] > 10, "the node drew " + r[2] + " colours");
    }
}
