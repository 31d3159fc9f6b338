package org.moeworkbench.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/** Charts of runs too short for a curve (one logged step, one epoch) still get tick labels that differ. */
class ShortRunChartTest {

    /** The labels of the ticks the axis draws at 1200 x 800. */
    private static List<String> tickLabels(JFreeChart chart, boolean horizontal) {
        BufferedImage image = new BufferedImage(1200, 800, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g2, new Rectangle2D.Double(0, 0, 1200, 800), info);
        XYPlot plot = chart.getXYPlot();
        ValueAxis axis = horizontal ? plot.getDomainAxis() : plot.getRangeAxis();
        Rectangle2D area = info.getPlotInfo().getDataArea();
        List<?> ticks =
                axis.refreshTicks(g2, new AxisState(), area, horizontal ? RectangleEdge.BOTTOM : RectangleEdge.LEFT);
        List<String> labels = new ArrayList<>();
        for (Object tick : ticks) {
            String text = ((ValueTick) tick).getText();
            if (text != null && !text.isEmpty()) {
                labels.add(text);
            }
        }
        g2.dispose();
        return labels;
    }

    private static void assertDistinct(List<String> labels, String what) {
        assertTrue(labels.size() >= 2, what + ": at least two ticks, got " + labels);
        assertEquals(labels.size(), labels.stream().distinct().count(), what + ": every tick label differs " + labels);
    }

    private static JFreeChart xyChart(String x, String y, Figure.Series... series) {
        return FigureCharts.chart(new Figure(
                "f",
                "F",
                "",
                Figure.Kind.XY,
                Figure.Axis.of(x, ""),
                Figure.Axis.of(y, ""),
                List.of(series),
                null,
                null));
    }

    /** A Pareto chart of runs: accuracy against params on a log axis. */
    private static JFreeChart pareto(double[] params, double[] accuracy) {
        return FigureCharts.chart(new Figure(
                "pareto",
                "Pareto",
                "",
                Figure.Kind.XY,
                Figure.Axis.log("params", ""),
                Figure.Axis.of("accuracy", "%"),
                List.of(Figure.Series.of("runs", params, accuracy, Figure.Style.POINTS)),
                null,
                null));
    }

    @Test
    void aSingleLoggedStepGetsDistinctTicksOnBothAxes() {
        JFreeChart chart = xyChart(
                "step",
                "loss",
                Figure.Series.of("aux", new double[] {10}, new double[] {0.01901735}, Figure.Style.LINE));
        assertTrue(
                ((org.jfree.chart.renderer.xy.XYLineAndShapeRenderer)
                                chart.getXYPlot().getRenderer(0))
                        .getSeriesShapesVisible(0),
                "a line of one point is drawn as a point");
        assertDistinct(tickLabels(chart, true), "x (one step at 10)");
        assertDistinct(tickLabels(chart, false), "y (one loss of 0.019)");
    }

    @Test
    void oneEpochAndConstantSeriesGetDistinctTicksAndLongRunsKeepTheirRange() {
        JFreeChart chart = xyChart(
                "epoch",
                "accuracy",
                Figure.Series.of("validation", new double[] {1}, new double[] {42.9}, Figure.Style.LINE_POINTS),
                Figure.Series.of("zero", new double[] {1}, new double[] {0}, Figure.Style.POINTS));
        assertDistinct(tickLabels(chart, true), "x (epoch 1)");
        assertDistinct(tickLabels(chart, false), "y (42.9 and 0)");

        double[] steps = new double[200];
        double[] loss = new double[200];
        for (int i = 0; i < 200; i++) {
            steps[i] = 10 * (i + 1);
            loss[i] = 2.3 - 0.008 * i;
        }
        XYPlot plot = xyChart("step", "loss", Figure.Series.of("train", steps, loss, Figure.Style.LINE))
                .getXYPlot();
        assertTrue(plot.getRangeAxis().getRange().getLength() < 2.0, "a real curve keeps its own range");
    }

    @Test
    void paretoParamsThatDifferByLittleGetDistinctLogTicks() {
        JFreeChart chart = pareto(new double[] {1_003_000, 1_120_000, 1_290_000}, new double[] {70, 75, 80});
        assertDistinct(tickLabels(chart, true), "x (1.0M to 1.3M params, log)");
    }

    @Test
    void paretoParamsOverDecadesAreLabelledAtOneTwoAndFiveTimesAPowerOfTen() {
        JFreeChart chart = pareto(new double[] {673_000, 22_000_000, 300_000_000}, new double[] {82, 83, 87});
        List<String> labels = tickLabels(chart, true);
        assertDistinct(labels, "x (673K to 300M params, log)");
        assertTrue(labels.containsAll(List.of("1M", "2M", "5M", "10M", "20M", "50M", "100M", "200M")), "" + labels);
        assertTrue(labels.stream().noneMatch(l -> l.contains(".")), "no 631K or 1.3M ticks: " + labels);

        assertEquals(
                List.of(1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9), OneTwoFiveLogAxis.tickValues(900, 2e9), "over 7 decades");
        assertEquals(List.of(0.002, 0.005, 0.01, 0.02), OneTwoFiveLogAxis.tickValues(0.0015, 0.03));
    }

    @Test
    void runsOfTheSameNameAreLabelledWithTheirDateAndTime() {
        assertEquals(
                List.of(
                        "sample-convnext-moe (12-07 18:13)",
                        "sample-convnext-moe (12-07 18:21)",
                        "sample-convnext-dense",
                        "trunk"),
                FigureCharts.pointNames(List.of(
                        "20261207-181315-sample-convnext-moe",
                        "20261207-182104-sample-convnext-moe",
                        "20261207-182900-sample-convnext-dense",
                        "trunk")));
    }

    @Test
    void countAxesAreLabelledInWholeNumbers() {
        JFreeChart chart = FigureCharts.chart(new Figure(
                "experts-per-image-cdf",
                "CDF",
                "",
                Figure.Kind.XY,
                Figure.Axis.of("experts", "count").range(0, 4.5),
                Figure.Axis.of("images", "%").range(0, 100),
                List.of(Figure.Series.of(
                        "block 4", new double[] {1, 2, 3, 4}, new double[] {0, 0, 5, 100}, Figure.Style.STEP)),
                null,
                null));
        List<String> labels = tickLabels(chart, true);
        assertDistinct(labels, "x (0 to 4 experts)");
        assertTrue(labels.stream().allMatch(l -> l.matches("\\d+")), "whole numbers: " + labels);
    }
}
