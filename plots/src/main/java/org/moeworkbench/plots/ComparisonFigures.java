package org.moeworkbench.plots;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.moeworkbench.engine.analysis.MoeGain;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.analysis.StudyTable;
import org.moeworkbench.plots.Figure.Axis;
import org.moeworkbench.plots.Figure.Series;
import org.moeworkbench.plots.Figure.Style;

/**
 * Figures across runs: accuracy against params (Pareto, with the papers' points), MoE gain, and a study's accuracy
 * by setting, seeds as mean points with error bars. One run's figures are in {@link Figures}, a hard MoE's in
 * {@link HardMoeFigures}.
 */
public final class ComparisonFigures {
    private ComparisonFigures() {}

    /**
     * A study (moe sweep): test accuracy against the first varied setting, one bar per value of the second
     * (the Sweet Spot Tables 3 and 4 as a figure). Bars rather than lines because settings are often names
     * (placements, routers); a run that has not completed has no bar. In a study with seeds a bar is the mean
     * over the seeds, with an error bar of one standard deviation.
     */
    public static Figure studyAccuracy(StudyTable table) {
        List<Series> series = new ArrayList<>();
        for (StudyTable.Series s : table.accuracySeries()) {
            double[] y = new double[s.testAccuracy().size()];
            double[] error = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                Double a = s.testAccuracy().get(i);
                y[i] = a == null ? Double.NaN : 100 * a;
                Double std = s.testAccuracyStd().get(i);
                error[i] = std == null ? Double.NaN : 100 * std;
            }
            series.add(Series.bars(s.name(), y).withErrors(error));
        }
        StudyTable.Axis x = table.rowAxis();
        String varied = table.axes().isEmpty()
                ? "seed"
                : table.axes().stream().map(StudyTable.Axis::path).collect(java.util.stream.Collectors.joining(" x "));
        String runs = table.seeds().isEmpty()
                ? table.cells().size() + " runs"
                : table.cells().size() + " settings x " + table.seeds().size() + " seeds, mean ± std";
        return Figure.bars(
                "study-accuracy",
                "Test accuracy by " + varied,
                "study " + table.baseName() + " (" + runs + ")",
                Axis.categories(x.path(), x.labels()),
                Axis.of("top-1 test accuracy", "%"),
                series);
    }

    /**
     * Accuracy against params (total or active per image) of the given runs, dense and MoE marked, with
     * their Pareto front; {@code paper} adds Sweet Spot Table 14 (ImageNet-1k top-1 after ImageNet-21k
     * pretraining) and its front, or null.
     */
    public static Figure pareto(List<RunSummary> runs, ParetoFront.Cost cost, PaperOverlay paper) {
        List<Series> series = new ArrayList<>();
        List<RunSummary> scored = runs.stream()
                .filter(r -> !Double.isNaN(r.accuracy()) && !r.hardMoe())
                .toList();
        // hard MoE (Gross et al.) is drawn in its own colours, scored by p@1 (top-1 accuracy on a classes task),
        // and kept out of the front: its active params count trunk + one expert, a different budget
        List<RunSummary> hard = runs.stream()
                .filter(r -> !Double.isNaN(r.accuracy()) && r.hardMoe())
                .toList();
        ToDoubleFunction<RunSummary> x = cost::of;
        ToDoubleFunction<RunSummary> y = r -> 100 * r.accuracy();
        List<SeedGroup> settings = SeedGroup.of(scored);
        series.add(pointsOverSeeds(
                "dense runs", settings.stream().filter(g -> g.mean().dense()).toList(), x, y, Figures.DENSE));
        series.add(pointsOverSeeds(
                "MoE runs", settings.stream().filter(g -> !g.mean().dense()).toList(), x, y, Figures.MOE));
        scored = settings.stream().map(SeedGroup::mean).toList(); // the front is over settings, at their means
        List<RunSummary> mixtures = hard.stream().filter(r -> !r.dense()).toList();
        List<RunSummary> trunks = hard.stream().filter(RunSummary::dense).toList();
        if (!hard.isEmpty()) {
            series.add(points("hard-MoE runs (p@1)", mixtures, x, y, Style.POINTS, Figures.HARD_MOE));
            series.add(points("hard-MoE trunks (p@1)", trunks, x, y, Style.POINTS, Figures.HARD_MOE_TRUNK));
        }
        if (!scored.isEmpty()) {
            series.add(points("Pareto front (runs)", ParetoFront.front(scored, x, y), x, y, Style.STEP, Figures.FRONT));
        }
        String yLabel = "top-1 accuracy";
        String subtitle = runs.size() + " runs"
                + (settings.stream().anyMatch(g -> g.n() > 1)
                        ? " (" + settings.size() + " points: seeds of a setting at their mean, bars ± 1 std)"
                        : "")
                + (hard.isEmpty() ? "" : "; the front is over sparse and dense runs");
        if (paper != null) {
            series.addAll(paper.series(cost));
            // the papers' points are on their benchmark; the runs on their own test split
            yLabel = scored.isEmpty() && hard.isEmpty()
                    ? paper.metric()
                    : "top-1 accuracy (runs: their own test split; open symbols: " + paper.metric() + ")";
            subtitle += "; open symbols: " + paper.citation();
        }
        String id = "pareto-" + (cost == ParetoFront.Cost.PARAMS_TOTAL ? "total" : "active")
                + (paper != null ? "-" + paper.id() : "");
        return Figure.xy(
                id,
                "Accuracy against " + cost.label(),
                subtitle,
                Axis.log(cost.label(), "count, log scale"),
                Axis.of(yLabel, "%"),
                series);
    }

    /** A published figure redrawn from its table alone (no runs). */
    public static Figure paperPareto(PaperOverlay paper, ParetoFront.Cost cost) {
        Figure f = pareto(List.of(), cost, paper);
        return new Figure(
                "paper-" + paper.id() + "-" + (cost == ParetoFront.Cost.PARAMS_TOTAL ? "total" : "active"),
                paper.title(),
                paper.citation(),
                f.kind(),
                f.x(),
                f.y(),
                f.series().stream()
                        .filter(s -> !s.name().endsWith("runs") && !s.name().endsWith("(runs)"))
                        .toList(),
                null,
                null);
    }

    /**
     * MoE gain against the dense baseline's accuracy (Sweet Spot Fig. 4), in accuracy points;
     * {@code withPaper} adds the paper's Table 1 / Table 2 pairs.
     */
    public static Figure moeGain(List<MoeGain> gains, boolean withPaper) {
        List<Series> series = new ArrayList<>();
        double[] x = new double[gains.size()];
        double[] y = new double[gains.size()];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < gains.size(); i++) {
            x[i] = 100 * gains.get(i).denseAccuracy();
            y[i] = 100 * gains.get(i).gain();
            labels.add(gains.get(i).moe().id() + " vs " + gains.get(i).dense().id());
        }
        series.add(Series.of("MoE runs vs their dense baseline", x, y, Style.POINTS)
                .withLabels(labels)
                .withColour(Figures.MOE));
        if (withPaper) {
            series.addAll(PaperOverlay.sweetSpotFigure4Series());
        }
        return Figure.xy(
                withPaper ? "moe-gain-paper" : "moe-gain",
                "MoE gain against dense baseline accuracy",
                gains.size() + " MoE runs with a dense run of the same backbone"
                        + (withPaper ? "; open symbols: Videau et al., Tables 1 and 2" : ""),
                Axis.of("dense baseline top-1 accuracy", "%"),
                Axis.of("MoE accuracy minus dense accuracy", "points"),
                series);
    }

    /** Sweet Spot Fig. 4 redrawn from Tables 1 and 2 alone. */
    public static Figure paperMoeGain() {
        return Figure.xy(
                "paper-sweet-spot-fig4",
                "MoE gain against dense accuracy (Sweet Spot Fig. 4, from tables)",
                "Videau et al., Tables 1 (ImageNet-1k) and 2 (ImageNet-21k pretraining)",
                Axis.of("dense baseline top-1 accuracy", "%"),
                Axis.of("MoE accuracy minus dense accuracy", "points"),
                PaperOverlay.sweetSpotFigure4Series());
    }

    /** Points at the settings' mean accuracy, with one-standard-deviation error bars where a setting has seeds. */
    static Series pointsOverSeeds(
            String name,
            List<SeedGroup> settings,
            ToDoubleFunction<RunSummary> x,
            ToDoubleFunction<RunSummary> y,
            int colour) {
        Series s = points(name, settings.stream().map(SeedGroup::mean).toList(), x, y, Style.POINTS, colour);
        double[] errors = settings.stream().mapToDouble(g -> 100 * g.std()).toArray();
        return s.withErrors(errors);
    }

    static Series points(
            String name,
            List<RunSummary> runs,
            ToDoubleFunction<RunSummary> x,
            ToDoubleFunction<RunSummary> y,
            Style style,
            int colour) {
        double[] xs = new double[runs.size()];
        double[] ys = new double[runs.size()];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            xs[i] = x.applyAsDouble(runs.get(i));
            ys[i] = y.applyAsDouble(runs.get(i));
            labels.add(runs.get(i).id());
        }
        return Series.of(name, xs, ys, style).withLabels(labels).withColour(colour);
    }
}
