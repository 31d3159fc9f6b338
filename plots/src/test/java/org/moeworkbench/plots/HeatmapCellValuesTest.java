package org.moeworkbench.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.List;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

/** Heatmaps write each cell's value in the cell, readable on the colour beneath (issue: heatmaps showed no values). */
class HeatmapCellValuesTest {
    private static XYPlot heatmap(double[][] values) {
        List<String> names = java.util.stream.IntStream.range(0, values[0].length)
                .mapToObj(i -> "c" + i)
                .toList();
        List<String> rows = java.util.stream.IntStream.range(0, values.length)
                .mapToObj(i -> "r" + i)
                .toList();
        Figure figure = new Figure(
                "h",
                "h",
                "",
                Figure.Kind.HEATMAP,
                Figure.Axis.categories("column", names),
                Figure.Axis.categories("row", rows),
                List.of(),
                new Figure.Heatmap(values, "value", 0, 1),
                null);
        return FigureCharts.chart(figure).getXYPlot();
    }

    @Test
    void aSmallMatrixShowsEveryValueInContrastWithItsCell() {
        XYPlot plot = heatmap(new double[][] {{0.0, 0.25}, {1.0, 0.5}});
        List<XYTextAnnotation> cells =
                plot.getAnnotations().stream().map(XYTextAnnotation.class::cast).toList();
        assertEquals(4, cells.size());
        XYTextAnnotation low = cells.stream()
                .filter(a -> a.getX() == 0 && a.getY() == 0)
                .findFirst()
                .orElseThrow();
        XYTextAnnotation high = cells.stream()
                .filter(a -> a.getX() == 0 && a.getY() == 1)
                .findFirst()
                .orElseThrow();
        assertEquals("0", low.getText());
        assertEquals("1.00", high.getText());
        assertEquals(Color.WHITE, low.getPaint(), "white on viridis' dark purple");
        assertEquals(Color.BLACK, high.getPaint(), "black on viridis' yellow");
    }

    @Test
    void aLargeMatrixStaysUnlabelled() {
        assertTrue(heatmap(new double[17][17]).getAnnotations().isEmpty(), "17 x 17 = 289 cells > 256");
    }

    @Test
    void cellTextKeepsThreeSignificantDigits() {
        assertEquals("37.5", FigureCharts.cellText(37.5));
        assertEquals("100", FigureCharts.cellText(100));
        assertEquals("0.057", FigureCharts.cellText(0.0571));
        assertEquals("2.47", FigureCharts.cellText(2.469));
    }
}
