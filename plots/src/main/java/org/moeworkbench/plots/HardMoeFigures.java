package org.moeworkbench.plots;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.moeworkbench.engine.analysis.HardMoeAnalysis;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.plots.Figure.Axis;
import org.moeworkbench.plots.Figure.Series;
import org.moeworkbench.plots.Figure.Style;

/** The hard-MoE figures of Gross et al. (Fig. 4, 5, 6, Tables 3 and 6) from a run's analysis. */
public final class HardMoeFigures {

    private HardMoeFigures() {}

    /** Train images per cluster, largest first (Gross Fig. 5). */
    public static Figure clusterSizes(HardMoeAnalysis hard, String runId) {
        int k = hard.clusterSizes().length;
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(hard.clusterSizes()[b], hard.clusterSizes()[a]));
        double[] train = new double[k];
        double[] test = new double[k];
        List<String> names = new ArrayList<>();
        long total = 0;
        for (int c = 0; c < k; c++) {
            train[c] = hard.clusterSizes()[order[c]];
            test[c] = c < hard.testSizes().length ? hard.testSizes()[order[c]] : 0;
            names.add(String.valueOf(order[c]));
            total += hard.clusterSizes()[c];
        }
        return Figure.bars(
                "cluster-sizes",
                "Images per cluster",
                runId + " \u2014 K = " + k + ", " + total + " train images; clusters sorted by size",
                Axis.categories("cluster", names),
                Axis.of("images routed to the cluster", "count"),
                List.of(Series.bars("train", train), Series.bars("test", test)));
    }

    /** Histograms of chosen tags over the clusters (Gross Table 6); null or empty tags: the 4 most frequent. */
    public static Figure tagOverClusters(HardMoeAnalysis hard, List<String> tags, String runId) {
        List<String> chosen = tags == null || tags.isEmpty() ? hard.mostFrequentTags(4) : tags;
        List<Series> series = new ArrayList<>();
        for (String tag : chosen) {
            int[] counts = hard.countsOf(tag);
            series.add(Series.bars(tag, Arrays.stream(counts).asDoubleStream().toArray()));
        }
        List<String> clusters = new ArrayList<>();
        for (int c = 0; c < hard.k(); c++) {
            clusters.add(String.valueOf(c));
        }
        return Figure.bars(
                "tag-clusters",
                "Tags over clusters",
                runId + " \u2014 train images carrying each tag",
                Axis.categories("cluster", clusters),
                Axis.of("train images with the tag", "count"),
                series);
    }

    /** Per tag: sparsity of its distribution over clusters against its q@10 (Gross Fig. 6). */
    public static Figure sparsityVsQ10(HardMoeAnalysis hard, String runId) {
        List<HardMoeAnalysis.TagPoint> points = hard.perTag().stream()
                .filter(p -> !Double.isNaN(p.q10()) && !Double.isNaN(p.sparsity()))
                .toList();
        double[] x =
                points.stream().mapToDouble(HardMoeAnalysis.TagPoint::sparsity).toArray();
        double[] y = points.stream().mapToDouble(HardMoeAnalysis.TagPoint::q10).toArray();
        List<String> labels = points.stream()
                .map(p -> p.tag() + " (" + p.count() + " train images)")
                .toList();
        return Figure.xy(
                "sparsity-q10",
                "Tag cluster sparsity against q@10",
                runId + " \u2014 " + points.size()
                        + " tags; 1 = all in one cluster, \u221aK = "
                        + String.format(Locale.ROOT, "%.2f", Math.sqrt(hard.k()))
                        + " = spread evenly",
                Axis.of("cluster sparsity \u2016c(t)\u2016\u2081 / \u2016c(t)\u2016\u2082", ""),
                Axis.of("q@10 of the tag", "%"),
                List.of(Series.of("tags", x, y, Style.POINTS).withLabels(labels)));
    }

    /** {@code perCluster} random train images of each cluster, seeded (Gross Table 3). */
    public static Figure clusterGrid(
            HardMoeAnalysis hard,
            int[] trainAssignments,
            DatasetImages images,
            int perCluster,
            long seed,
            String runId) {
        int[][] chosen = HardMoeAnalysis.randomImagesPerCluster(trainAssignments, hard.k(), perCluster, seed);
        long total = trainAssignments.length;
        List<Figure.ImageRow> rows = new ArrayList<>();
        for (int c = 0; c < hard.k(); c++) {
            List<BufferedImage> tiles = new ArrayList<>();
            for (int index : chosen[c]) {
                tiles.add(images.image("train", index));
            }
            int size = c < hard.clusterSizes().length ? hard.clusterSizes()[c] : chosen[c].length;
            rows.add(new Figure.ImageRow(
                    String.format(Locale.ROOT, "cluster %d (%.1f%%)", c, total == 0 ? 0 : 100.0 * size / total),
                    tiles));
        }
        return new Figure(
                "cluster-grid",
                "Random images per cluster",
                runId + " \u2014 " + perCluster + " train images drawn per cluster (seed " + seed
                        + "); share of the train set in brackets",
                Figure.Kind.IMAGES,
                Axis.of("random train images", ""),
                Axis.of("cluster", ""),
                List.of(),
                null,
                new Figure.ImageGrid(rows, List.of(), List.of()));
    }

    /**
     * q@10 against total params of hard-MoE runs and their trunks, with the front; {@code paper} adds Gross
     * Fig. 4 (or null).
     */
    public static Figure pareto(List<RunSummary> runs, PaperOverlay paper) {
        List<RunSummary> hard =
                runs.stream().filter(r -> r.hardMoe() && !Double.isNaN(r.q10())).toList();
        List<Series> series = new ArrayList<>();
        series.add(ComparisonFigures.points(
                "trunks (dense)",
                hard.stream().filter(RunSummary::dense).toList(),
                RunSummary::params,
                RunSummary::q10,
                Style.POINTS,
                Figures.DENSE));
        series.add(ComparisonFigures.points(
                "hard MoE runs",
                hard.stream().filter(r -> !r.dense()).toList(),
                RunSummary::params,
                RunSummary::q10,
                Style.POINTS,
                Figures.MOE));
        if (!hard.isEmpty()) {
            series.add(ComparisonFigures.points(
                    "Pareto front (runs)",
                    ParetoFront.front(hard, RunSummary::params, RunSummary::q10),
                    RunSummary::params,
                    RunSummary::q10,
                    Style.STEP,
                    Figures.FRONT));
        }
        if (paper != null) {
            series.addAll(paper.series(ParetoFront.Cost.PARAMS_TOTAL));
        }
        return Figure.xy(
                paper == null ? "hardmoe-pareto" : "hardmoe-pareto-" + paper.id(),
                "q@10 against parameters (hard MoE)",
                hard.size() + " points" + (paper == null ? "" : "; open symbols: " + paper.citation()),
                Axis.log("parameters (total)", "count, log scale"),
                Axis.of("q@10", "%"),
                series);
    }
}
