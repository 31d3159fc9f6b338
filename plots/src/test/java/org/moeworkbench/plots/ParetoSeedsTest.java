package org.moeworkbench.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.IntervalXYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.RunKind;

/** A study with seeds on the Pareto plot: one point per setting at the mean, with a one-std error bar. */
class ParetoSeedsTest {
    private static final List<RunSummary> RUNS = List.of(
            RunPoints.point("study-4-s1", RunKind.SPARSE_MOE, "b", 4, 3_000_000, 1_200_000, 0.80),
            RunPoints.point("study-4-s2", RunKind.SPARSE_MOE, "b", 4, 3_000_000, 1_200_000, 0.82),
            RunPoints.point("study-4-s3", RunKind.SPARSE_MOE, "b", 4, 3_000_000, 1_200_000, 0.84),
            RunPoints.point("single-e8", RunKind.SPARSE_MOE, "b", 8, 6_000_000, 1_200_000, 0.85),
            RunPoints.point("dense", RunKind.DENSE, "b", 0, 1_000_000, 1_000_000, 0.70));

    @Test
    void seedsOfOneSettingAreOnePointAtTheirMeanWithAStandardDeviationBar(@TempDir Path dir) throws Exception {
        Figure f = ComparisonFigures.pareto(RUNS, ParetoFront.Cost.PARAMS_TOTAL, null);
        Figure.Series moe = f.series().stream()
                .filter(s -> s.name().equals("MoE runs"))
                .findFirst()
                .orElseThrow();
        assertEquals(2, moe.y().length, "three seeds are one point, the single run another");
        assertArrayEquals(new double[] {82, 85}, moe.y(), 1e-9);
        assertEquals(2.0, moe.yError()[0], 1e-9, "sample std of 80, 82, 84");
        assertTrue(Double.isNaN(moe.yError()[1]), "a single run has no bar");
        assertEquals("study-4 (mean of 3 seeds)", moe.labels().get(0));

        XYPlot plot = FigureCharts.chart(f).getXYPlot();
        int index = f.series().indexOf(moe);
        assertTrue(plot.getRenderer(index) instanceof XYErrorRenderer);
        IntervalXYDataset data = (IntervalXYDataset) plot.getDataset(index);
        assertEquals(80, data.getStartYValue(0, 0), 1e-9);
        assertEquals(84, data.getEndYValue(0, 0), 1e-9);
        FigureRenderer.png(f, dir.resolve("pareto.png"), 800, 500);
    }
}
