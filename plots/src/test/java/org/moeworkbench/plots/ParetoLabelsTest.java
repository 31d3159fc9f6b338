package org.moeworkbench.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.RunKind;

/** Pareto figures name their runs beside the points and do not call the runs' accuracy ImageNet's. */
class ParetoLabelsTest {
    private static final List<RunSummary> RUNS = List.of(
            RunPoints.point("20261207-010203-dense", RunKind.DENSE, "b", 0, 1_000_000, 1_000_000, 0.80),
            RunPoints.point("20261207-010204-moe-e4", RunKind.SPARSE_MOE, "b", 4, 3_000_000, 1_200_000, 0.84),
            RunPoints.point("20261207-010205-moe-e8", RunKind.SPARSE_MOE, "b", 8, 6_000_000, 1_200_000, 0.85));

    @Test
    void eachRunIsNamedBesideItsPointWithoutItsDate() {
        XYPlot plot = FigureCharts.chart(ComparisonFigures.pareto(RUNS, ParetoFront.Cost.PARAMS_TOTAL, null))
                .getXYPlot();
        int moeSeries = -1;
        for (int i = 0; i < plot.getDatasetCount(); i++) {
            if (plot.getDataset(i).getSeriesKey(0).equals("MoE runs")) {
                moeSeries = i;
            }
        }
        XYItemRenderer renderer = plot.getRenderer(moeSeries);
        assertTrue(renderer.getDefaultItemLabelsVisible());
        assertEquals("moe-e4", renderer.getDefaultItemLabelGenerator().generateLabel(plot.getDataset(moeSeries), 0, 0));
    }

    @Test
    void withThePapersPointsTheAxisSaysWhoseAccuracyIsWhose() {
        Figure alone = ComparisonFigures.paperPareto(
                PaperOverlay.sweetSpotFigure2("ImageNet-21k"), ParetoFront.Cost.PARAMS_TOTAL);
        Figure withRuns = ComparisonFigures.pareto(
                RUNS, ParetoFront.Cost.PARAMS_TOTAL, PaperOverlay.sweetSpotFigure2("ImageNet-21k"));
        assertFalse(alone.y().label().contains("runs"), alone.y().label());
        assertTrue(
                withRuns.y().label().startsWith("top-1 accuracy (runs: their own test split; open symbols: "),
                withRuns.y().label());
    }
}
