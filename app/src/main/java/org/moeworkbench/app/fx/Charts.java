package org.moeworkbench.app.fx;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.moeworkbench.app.common.CurvePoint;
import org.moeworkbench.engine.analysis.Percent;

/** Small helpers for the JavaFX charts of the queue, the run views and the compare view. */
public final class Charts {
    private Charts() {}

    public static LineChart<Number, Number> line(String title, String x, String y) {
        NumberAxis xAxis = new NumberAxis();
        xAxis.setLabel(x);
        NumberAxis yAxis = new NumberAxis();
        yAxis.setLabel(y);
        yAxis.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(xAxis, yAxis);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setMinHeight(180);
        if (x.equals("epoch")) {
            wholeEpochs(chart, xAxis);
        }
        return chart;
    }

    /**
     * Epoch axes run from 0 to one past the last epoch with whole-number ticks: JavaFX's automatic range put one
     * epoch's point on a 0.0, 0.1 ... 1.1 axis. The range follows the points as they arrive.
     */
    private static void wholeEpochs(LineChart<Number, Number> chart, NumberAxis axis) {
        axis.setAutoRanging(false);
        axis.setLowerBound(0);
        axis.setMinorTickVisible(false);
        Runnable fit = () -> {
            double last = chart.getData().stream()
                    .flatMap(series -> series.getData().stream())
                    .mapToDouble(point -> point.getXValue().doubleValue())
                    .max()
                    .orElse(1);
            int upper = (int) Math.max(2, Math.ceil(last) + 1);
            axis.setUpperBound(upper);
            axis.setTickUnit(Math.max(1, Math.ceil(upper / 10.0)));
        };
        fit.run();
        ListChangeListener<XYChart.Data<Number, Number>> points = c -> fit.run();
        chart.getData().addListener((ListChangeListener<XYChart.Series<Number, Number>>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(series -> series.getData().removeListener(points));
                c.getAddedSubList().forEach(series -> series.getData().addListener(points));
            }
            fit.run();
        });
    }

    public static XYChart.Series<Number, Number> series(String name, List<CurvePoint> points) {
        return series(name, points, 1);
    }

    /** A series of fractions (accuracy) drawn as percentages, as every view shows them ({@link Percent}). */
    public static XYChart.Series<Number, Number> percentSeries(String name, List<CurvePoint> fractions) {
        return series(name, fractions, Percent.SCALE);
    }

    private static XYChart.Series<Number, Number> series(String name, List<CurvePoint> points, double scale) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        for (CurvePoint p : points) {
            series.getData().add(new XYChart.Data<>(p.x(), scale * p.y()));
        }
        return series;
    }

    /** A series that follows a growing list (points are only appended while a run trains). */
    public static XYChart.Series<Number, Number> live(String name, ObservableList<CurvePoint> points) {
        return live(name, points, 1);
    }

    /** {@link #live} for fractions (accuracy), drawn as percentages. */
    public static XYChart.Series<Number, Number> livePercent(String name, ObservableList<CurvePoint> fractions) {
        return live(name, fractions, Percent.SCALE);
    }

    private static XYChart.Series<Number, Number> live(String name, ObservableList<CurvePoint> points, double scale) {
        XYChart.Series<Number, Number> series = series(name, points, scale);
        points.addListener((ListChangeListener<CurvePoint>) change -> {
            while (change.next()) {
                if (change.wasAdded()) {
                    for (CurvePoint p : change.getAddedSubList()) {
                        series.getData().add(new XYChart.Data<>(p.x(), scale * p.y()));
                    }
                }
                if (change.wasRemoved() && !change.wasAdded()) {
                    series.getData().clear();
                    for (CurvePoint p : change.getList()) {
                        series.getData().add(new XYChart.Data<>(p.x(), scale * p.y()));
                    }
                }
            }
        });
        return series;
    }

    /** Expert load bars: one series per MoE layer, one category per expert. */
    public static BarChart<String, Number> loadBars(String title) {
        CategoryAxis x = new CategoryAxis();
        x.setLabel("expert");
        NumberAxis y = new NumberAxis(0, 100, 10);
        y.setLabel("load (%)"); // short: the charts are low; the title says what is shared
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setMinHeight(180);
        // beside the bars: below them JavaFX hides a legend when the chart is low (1366 x 768), and the legend is
        // the only place that says which colour is which MoE layer
        chart.setLegendSide(javafx.geometry.Side.RIGHT);
        return chart;
    }

    public static void setLoads(BarChart<String, Number> chart, List<double[]> load, List<Integer> blocks) {
        chart.getData().clear();
        for (int layer = 0; layer < load.size(); layer++) {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            String block = layer < blocks.size() ? "block " + blocks.get(layer) : "layer " + layer;
            series.setName("MoE layer " + layer + " (" + block + ")");
            double[] shares = load.get(layer);
            for (int e = 0; e < shares.length; e++) {
                series.getData().add(new XYChart.Data<>("E" + e, Percent.SCALE * shares[e]));
            }
            chart.getData().add(series);
        }
    }

    /** A short message in place of a figure (nothing to show yet, or why not). */
    public static Node message(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setStyle("-fx-font-size: 14px; -fx-text-fill: -color-warning-fg;");
        VBox box = new VBox(label);
        box.setPadding(new javafx.geometry.Insets(12));
        return box;
    }

    /** A tooltip that wraps and stays long enough to read. */
    public static Tooltip tip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(460);
        t.setShowDuration(Duration.seconds(30));
        return t;
    }

    public static Node grid(Node... panes) {
        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(6);
        int columns = panes.length <= 2 ? panes.length : 2;
        int rows = (panes.length + columns - 1) / columns;
        for (int c = 0; c < columns; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / columns);
            grid.getColumnConstraints().add(cc);
        }
        for (int r = 0; r < rows; r++) {
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(100.0 / rows);
            grid.getRowConstraints().add(rc);
        }
        for (int i = 0; i < panes.length; i++) {
            grid.add(panes[i], i % columns, i / columns);
        }
        return grid;
    }
}
