package org.moeworkbench.app.view;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import org.moeworkbench.app.viewmodel.RunJob;

/** Small helpers for the JavaFX charts of the queue, the run views and the compare view. */
final class Charts {
    private Charts() {}

    static LineChart<Number, Number> line(String title, String x, String y) {
        NumberAxis xAxis = new NumberAxis();
        xAxis.setLabel(x);
        // epoch axes start at 0 so one epoch's point is not alone on a 0.99..1.01 axis
        xAxis.setForceZeroInRange(x.equals("epoch"));
        NumberAxis yAxis = new NumberAxis();
        yAxis.setLabel(y);
        yAxis.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(xAxis, yAxis);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setMinHeight(180);
        return chart;
    }

    static XYChart.Series<Number, Number> series(String name, List<RunJob.Point> points) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        for (RunJob.Point p : points) {
            series.getData().add(new XYChart.Data<>(p.x(), p.y()));
        }
        return series;
    }

    /** A series that follows a growing list (points are only appended while a run trains). */
    static XYChart.Series<Number, Number> live(String name, ObservableList<RunJob.Point> points) {
        XYChart.Series<Number, Number> series = series(name, points);
        points.addListener((ListChangeListener<RunJob.Point>) change -> {
            while (change.next()) {
                if (change.wasAdded()) {
                    for (RunJob.Point p : change.getAddedSubList()) {
                        series.getData().add(new XYChart.Data<>(p.x(), p.y()));
                    }
                }
                if (change.wasRemoved() && !change.wasAdded()) {
                    series.getData().clear();
                    for (RunJob.Point p : change.getList()) {
                        series.getData().add(new XYChart.Data<>(p.x(), p.y()));
                    }
                }
            }
        });
        return series;
    }

    /** Expert load bars: one series per MoE layer, one category per expert. */
    static BarChart<String, Number> loadBars(String title) {
        CategoryAxis x = new CategoryAxis();
        x.setLabel("expert");
        NumberAxis y = new NumberAxis(0, 1, 0.1);
        y.setLabel("share of tokens");
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setMinHeight(180);
        return chart;
    }

    static void setLoads(BarChart<String, Number> chart, List<double[]> load, List<Integer> blocks) {
        chart.getData().clear();
        for (int layer = 0; layer < load.size(); layer++) {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            String block = layer < blocks.size() ? "block " + blocks.get(layer) : "layer " + layer;
            series.setName("MoE layer " + layer + " (" + block + ")");
            double[] shares = load.get(layer);
            for (int e = 0; e < shares.length; e++) {
                series.getData().add(new XYChart.Data<>("E" + e, shares[e]));
            }
            chart.getData().add(series);
        }
    }
}
