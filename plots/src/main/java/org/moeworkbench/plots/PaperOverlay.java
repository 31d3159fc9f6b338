package org.moeworkbench.plots;

import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.plots.Figure.Series;
import org.moeworkbench.plots.Figure.Style;
import org.moeworkbench.sample.PaperTables;

/**
 * Published points drawn next to the user's runs (open symbols, dashed front), from the tables in
 * sample-data (papers/README.md cites them).
 *
 * @param id       file-name part, e.g. {@code sweet-spot-fig2-in21k}
 * @param title    title of the redrawn paper figure
 * @param citation where the numbers come from
 * @param metric   the y quantity (top-1 accuracy, q@10)
 * @param points   params in millions, accuracy in percent
 */
public record PaperOverlay(String id, String title, String citation, String metric, List<PaperTables.Point> points) {

    /** Sweet Spot Fig. 2 (Table 14) for one pretraining set: "ImageNet-21k", "JFT-300M" or "JFT-3B". */
    public static PaperOverlay sweetSpotFigure2(String pretrain) {
        List<PaperTables.Point> points = PaperTables.sweetSpotFigure2().stream()
                .filter(p -> p.group().equals(pretrain))
                .toList();
        if (points.isEmpty()) {
            throw new IllegalArgumentException(
                    "Table 14 has no " + pretrain + " rows; use ImageNet-21k, JFT-300M or JFT-3B");
        }
        String key = pretrain.toLowerCase().replace("imagenet-", "in").replace("-", "");
        return new PaperOverlay(
                "sweet-spot-fig2-" + key,
                "Pareto front, " + pretrain + " pretraining (Sweet Spot Fig. 2, from Table 14)",
                "Videau et al., Table 14 (" + pretrain + " pretraining, ImageNet-1k top-1)",
                "ImageNet-1k top-1 accuracy",
                points);
    }

    /** Gross et al. Fig. 4: params (derived, see papers/README.md) against YFCC100M q@10. */
    public static PaperOverlay grossFigure4() {
        return new PaperOverlay(
                "gross-fig4",
                "Parameters against q@10 on YFCC100M (Gross Fig. 4, from Table 1)",
                "Gross et al., Table 1 (q@10); params derived from its P(a+1) rule",
                "q@10",
                PaperTables.grossFigure4());
    }

    /** Dense points, MoE points and the front of all of them, along the chosen cost. */
    public List<Series> series(ParetoFront.Cost cost) {
        List<PaperTables.Point> usable =
                points.stream().filter(p -> !Double.isNaN(x(p, cost))).toList();
        List<Series> series = new ArrayList<>();
        series.add(series(
                "paper: dense",
                usable.stream().filter(p -> !p.moe()).toList(),
                cost,
                Style.OPEN_POINTS,
                Figures.DENSE));
        series.add(series(
                "paper: MoE",
                usable.stream().filter(PaperTables.Point::moe).toList(),
                cost,
                Style.OPEN_POINTS,
                Figures.MOE));
        series.add(series(
                "paper: Pareto front",
                ParetoFront.front(usable, p -> x(p, cost), PaperTables.Point::accuracy),
                cost,
                Style.DASHED_LINE,
                3));
        return series;
    }

    private static Series series(
            String name, List<PaperTables.Point> points, ParetoFront.Cost cost, Style style, int colour) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            x[i] = x(points.get(i), cost);
            y[i] = points.get(i).accuracy();
            labels.add(points.get(i).model());
        }
        return Series.of(name, x, y, style).withLabels(labels).withColour(colour);
    }

    private static double x(PaperTables.Point p, ParetoFront.Cost cost) {
        return 1e6 * (cost == ParetoFront.Cost.PARAMS_TOTAL ? p.paramsM() : p.paramsActiveM());
    }

    /** Sweet Spot Fig. 4 points: one open-symbol series per pretraining set. */
    static List<Series> sweetSpotFigure4Series() {
        List<Series> series = new ArrayList<>();
        int colour = 4;
        for (String group : List.of("ImageNet-1k", "ImageNet-21k")) {
            List<PaperTables.GainPoint> points = PaperTables.sweetSpotFigure4().stream()
                    .filter(p -> p.group().equals(group))
                    .toList();
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                x[i] = points.get(i).denseAccuracy();
                y[i] = points.get(i).gain();
                labels.add(points.get(i).model());
            }
            series.add(Series.of("paper: " + group, x, y, Style.OPEN_POINTS)
                    .withLabels(labels)
                    .withColour(colour++));
        }
        return series;
    }
}
