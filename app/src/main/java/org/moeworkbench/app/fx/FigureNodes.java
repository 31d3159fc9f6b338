package org.moeworkbench.app.fx;

import javafx.scene.Node;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.moeworkbench.plots.Figure;
import org.moeworkbench.plots.FigureCharts;

/**
 * Interactive JavaFX nodes of figures: the same JFreeChart as the PNG/SVG export, in a jfreechart-fx
 * {@link ChartViewer} (zoom with a drag, pan with ctrl-drag, tooltips on points, a context menu that exports
 * PNG/SVG). Call on the JavaFX application thread.
 */
public final class FigureNodes {

    private FigureNodes() {}

    public static ChartViewer node(Figure figure) {
        return viewer(FigureCharts.chart(figure));
    }

    public static ChartViewer viewer(JFreeChart chart) {
        ChartViewer viewer = new ChartViewer(chart, true);
        viewer.setMinSize(200, 150);
        return viewer;
    }

    /** Replaces what a viewer made by {@link #node} shows (e.g. another layer), keeping the node in place. */
    public static void show(Node viewer, Figure figure) {
        ((ChartViewer) viewer).setChart(FigureCharts.chart(figure));
    }
}
