package org.moeworkbench.plots;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.moeworkbench.engine.analysis.ExpertStatistics;
import org.moeworkbench.engine.analysis.LayerAnalysis;
import org.moeworkbench.engine.analysis.Percent;
import org.moeworkbench.engine.analysis.RoutingAgreement;
import org.moeworkbench.engine.analysis.RoutingData;
import org.moeworkbench.engine.analysis.RunAnalysis;
import org.moeworkbench.engine.analysis.TrainingCurves;
import org.moeworkbench.plots.Figure.Axis;
import org.moeworkbench.plots.Figure.Series;
import org.moeworkbench.plots.Figure.Style;

/**
 * The figures of one sparse-MoE run, built from the engine's analyses (docs/analysis.md names the analysis behind
 * each); figures across runs are in {@link ComparisonFigures}, a hard MoE's in {@link HardMoeFigures}. Each method returns a {@link Figure}; show it with the app's {@code FigureNodes.node} or write it with
 * {@link FigureRenderer#png} / {@link FigureRenderer#svg}.
 */
public final class Figures {
    /** Palette positions that keep dense and MoE the same colour in every across-run figure. */
    static final int DENSE = 0;

    static final int MOE = 1;
    static final int FRONT = 2;
    static final int HARD_MOE = 3;
    static final int HARD_MOE_TRUNK = 4;

    private Figures() {}

    // ---- one sparse-MoE run -------------------------------------------------------------------------

    /** Expert load per MoE layer: share of token choices per expert, one bar group per expert. */
    public static Figure loadBars(RunAnalysis analysis) {
        List<Series> series = new ArrayList<>();
        StringBuilder dropped = new StringBuilder();
        int experts = 0;
        for (LayerAnalysis layer : analysis.layers()) {
            series.add(Series.bars("block " + layer.layer(), percent(layer.load())));
            experts = Math.max(experts, layer.experts());
            dropped.append(String.format(
                    Locale.ROOT,
                    "%sblock %d %.1f%%",
                    dropped.length() == 0 ? "" : ", ",
                    layer.layer(),
                    100 * layer.droppedShare()));
        }
        return Figure.bars(
                "load",
                "Expert load per MoE layer",
                subtitle(analysis) + "; dropped: " + dropped,
                Axis.categories("expert", expertNames(experts)),
                Axis.of("share of token choices", "%"),
                series);
    }

    /** CDF of the number of experts involved per image (Sweet Spot "experts involved per image"). */
    public static Figure expertsPerImageCdf(RunAnalysis analysis) {
        List<Series> series = new ArrayList<>();
        int experts = 1;
        for (LayerAnalysis layer : analysis.layers()) {
            double[] x = new double[layer.expertsPerImageCdf().length];
            for (int m = 0; m < x.length; m++) {
                x[m] = m;
            }
            series.add(Series.of(
                    String.format(Locale.ROOT, "block %d (mean %.2f)", layer.layer(), layer.expertsPerImageMean()),
                    x,
                    percent(layer.expertsPerImageCdf()),
                    Style.STEP));
            experts = Math.max(experts, layer.experts());
        }
        // half a count past E: the CDF's last step (to 100% at E experts) would lie on the plot's edge
        return Figure.xy(
                "experts-per-image-cdf",
                "Experts involved per image (CDF)",
                subtitle(analysis),
                Axis.of("experts with at least one patch (top-1)", "count").range(0, experts + 0.5),
                Axis.of("images with at most this many experts", "%").range(0, 100),
                series);
    }

    /** CDF of patches per expert per image over the pairs where the expert is used (Sweet Spot Fig. 7). */
    public static Figure patchesPerExpertCdf(RunAnalysis analysis) {
        List<Series> series = new ArrayList<>();
        for (LayerAnalysis layer : analysis.layers()) {
            double[] x = new double[layer.patchesPerExpertCdf().length - 1];
            double[] y = new double[x.length];
            for (int n = 1; n < layer.patchesPerExpertCdf().length; n++) {
                x[n - 1] = n;
                y[n - 1] = 100 * layer.patchesPerExpertCdf()[n];
            }
            series.add(Series.of(
                    String.format(
                            Locale.ROOT,
                            "block %d (%d patches, mean %.1f)",
                            layer.layer(),
                            layer.tokensPerImage(),
                            layer.patchesPerExpertMean()),
                    x,
                    y,
                    Style.STEP));
        }
        return Figure.xy(
                "patches-per-expert-cdf",
                "Patches per expert per image (CDF)",
                subtitle(analysis),
                Axis.of("patches of an image on one expert (top-1)", "count"),
                Axis.of("(image, expert) pairs with at most this many", "%").range(0, 100),
                series);
    }

    /** Expert similarity heatmap of MoE layer {@code layerIndex}: Jaccard-derived, or plain Jaccard. */
    public static Figure similarity(RunAnalysis analysis, int layerIndex, boolean plainJaccard) {
        LayerAnalysis layer = analysis.layers().get(layerIndex);
        double[][] values = plainJaccard ? layer.plainJaccard() : layer.jaccard();
        String what = plainJaccard ? "plain Jaccard |A|/|B|" : "Jaccard-derived similarity S";
        List<String> names = expertNames(layer.experts());
        return new Figure(
                (plainJaccard ? "jaccard-block-" : "similarity-block-") + layer.layer(),
                "Expert similarity, block " + layer.layer(),
                subtitle(analysis) + "; " + what,
                Figure.Kind.HEATMAP,
                Axis.categories("expert", names),
                Axis.categories("expert", names),
                List.of(),
                new Figure.Heatmap(values, what, 0, 1),
                null);
    }

    /**
     * Expert x class occurrence of MoE layer {@code layerIndex} (Sweet Spot Fig. 4 top): each column is a
     * class, each cell the share of that class's first-choice patches routed to the expert.
     */
    public static Figure expertClass(RunAnalysis analysis, int layerIndex, List<String> classNames) {
        LayerAnalysis layer = analysis.layers().get(layerIndex);
        long[][] counts = layer.expertClassCounts();
        int classes = counts.length == 0 ? 0 : counts[0].length;
        double[][] share = new double[layer.experts()][classes];
        double max = 0;
        for (int c = 0; c < classes; c++) {
            long total = 0;
            for (long[] row : counts) {
                total += row[c];
            }
            for (int e = 0; e < layer.experts(); e++) {
                share[e][c] = total == 0 ? 0 : 100.0 * counts[e][c] / total;
                max = Math.max(max, share[e][c]);
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(classNames != null && c < classNames.size() ? classNames.get(c) : "class " + c);
        }
        return new Figure(
                "expert-class-block-" + layer.layer(),
                "Expert occurrence per class, block " + layer.layer(),
                subtitle(analysis),
                Figure.Kind.HEATMAP,
                Axis.categories("class", names),
                Axis.categories("expert", expertNames(layer.experts())),
                List.of(),
                new Figure.Heatmap(share, "share of the class's patches (%)", 0, Math.max(max, 1e-9)),
                null);
    }

    /**
     * Hard against soft routing, one sparse MoE layer: for each K-means cluster of the hard MoE, the share of its
     * images whose dominant expert is each expert ({@link RoutingAgreement}); ARI and NMI in the subtitle.
     */
    public static Figure routingContingency(RoutingAgreement agreement, int layerIndex) {
        RoutingAgreement.Layer layer = agreement.layers().get(layerIndex);
        long[][] counts = layer.contingency();
        double[][] share = new double[counts.length][];
        List<String> clusters = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            long total = java.util.Arrays.stream(counts[c]).sum();
            share[c] = new double[counts[c].length];
            for (int e = 0; e < counts[c].length; e++) {
                share[c][e] = total == 0 ? 0 : 100.0 * counts[c][e] / total;
            }
            clusters.add("cluster " + c + " (" + total + ")");
        }
        return new Figure(
                "routing-agreement-block-" + layer.block(),
                "K-means clusters against dominant experts, block " + layer.block(),
                String.format(
                        Locale.ROOT,
                        "%s (K = %d) vs %s (E = %d), %d test images; ARI %.3f, NMI %.3f",
                        agreement.hardRun(),
                        agreement.clusters(),
                        agreement.sparseRun(),
                        agreement.experts(),
                        agreement.images(),
                        layer.adjustedRandIndex(),
                        layer.normalizedMutualInformation()),
                Figure.Kind.HEATMAP,
                Axis.categories("dominant expert of the image", expertNames(agreement.experts())),
                Axis.categories("hard-MoE cluster (images)", clusters),
                List.of(),
                new Figure.Heatmap(share, "share of the cluster's images (%)", 0, 100),
                null);
    }

    /** Training and validation loss (metrics.jsonl). */
    public static Figure trainingLoss(RunAnalysis analysis) {
        TrainingCurves c = analysis.training();
        double[] steps = longs(c.steps());
        List<Series> series = new ArrayList<>();
        series.add(Series.of("step loss (task + aux)", steps, c.stepLoss(), Style.LINE));
        series.add(Series.of("step task loss", steps, c.stepTaskLoss(), Style.LINE));
        double[] epochSteps = longs(c.epochSteps());
        series.add(Series.of("epoch mean train loss", epochSteps, c.epochTrainLoss(), Style.LINE_POINTS));
        series.add(Series.of("validation loss", epochSteps, c.epochValidationLoss(), Style.LINE_POINTS));
        return Figure.xy(
                "training-loss",
                "Training loss",
                subtitle(analysis),
                Axis.of("optimisation step", ""),
                Axis.of("cross-entropy loss", "nats"),
                series);
    }

    /** The load-balancing loss (before its weight) per step. */
    public static Figure auxLoss(RunAnalysis analysis) {
        TrainingCurves c = analysis.training();
        return Figure.xy(
                "aux-loss",
                "Load-balancing loss",
                subtitle(analysis),
                Axis.of("optimisation step", ""),
                Axis.of("aux loss, sum over MoE layers", "CV\u00b2"),
                List.of(Series.of("aux loss", longs(c.steps()), c.stepAuxLoss(), Style.LINE)));
    }

    /** Validation accuracy per epoch and the final test accuracy. */
    public static Figure accuracy(RunAnalysis analysis) {
        TrainingCurves c = analysis.training();
        double[] epochs = new double[c.epochs().length];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = c.epochs()[i];
        }
        List<Series> series = new ArrayList<>();
        series.add(Series.of("validation", epochs, percent(c.epochValidationAccuracy()), Style.LINE_POINTS));
        if (!Double.isNaN(c.testAccuracy()) && epochs.length > 0) {
            series.add(Series.of(
                    "test (final weights)",
                    new double[] {epochs[0], epochs[epochs.length - 1]},
                    new double[] {100 * c.testAccuracy(), 100 * c.testAccuracy()},
                    Style.DASHED_LINE));
        }
        return Figure.xy(
                "accuracy",
                "Accuracy",
                subtitle(analysis),
                Axis.of("epochs done", ""),
                Axis.of("top-1 accuracy", "%"),
                series);
    }

    /**
     * Analysis images grouped by dominant expert (the expert holding most of their first-choice patches) in
     * MoE layer {@code layerIndex}: one row per expert, up to {@code perExpert} images each.
     */
    public static Figure imagesByExpert(RoutingData routing, int layerIndex, DatasetImages images, int perExpert) {
        RoutingData.Layer layer = routing.layers().get(layerIndex);
        int[] n = ExpertStatistics.patchCounts(
                layer.chosen(), layer.k(), layer.images(), layer.tokensPerImage(), layer.experts());
        int[] dominant = ExpertStatistics.dominantExpert(n, layer.images(), layer.experts());
        List<Figure.ImageRow> rows = new ArrayList<>();
        for (int e = 0; e < layer.experts(); e++) {
            List<BufferedImage> tiles = new ArrayList<>();
            int count = 0;
            for (int x = 0; x < layer.images(); x++) {
                if (dominant[x] == e) {
                    count++;
                    if (tiles.size() < perExpert) {
                        tiles.add(images.analysisImage(routing.subset(), x));
                    }
                }
            }
            rows.add(new Figure.ImageRow(String.format(Locale.ROOT, "expert %d (%d)", e, count), tiles));
        }
        return new Figure(
                "images-by-expert-block-" + layer.block(),
                "Images by dominant expert, block " + layer.block(),
                "the first analysis images whose patches go mostly to each expert (count in brackets)",
                Figure.Kind.IMAGES,
                Axis.of("analysis images", ""),
                Axis.of("dominant expert", ""),
                List.of(),
                null,
                new Figure.ImageGrid(rows, List.of(), List.of()));
    }

    /** One analysis image (row {@code row}), and per MoE layer its patches tinted by first-choice expert. */
    public static Figure patchExperts(RoutingData routing, DatasetImages images, int row) {
        BufferedImage image = images.analysisImage(routing.subset(), row);
        int[] argb = expertColours(routing.header().experts());
        List<Figure.LegendEntry> legend = expertLegend(argb);
        int scale = Math.max(1, 128 / Math.max(image.getWidth(), 1));
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        tiles.add(scaleOnly(image, scale));
        columns.add("image");
        for (RoutingData.Layer layer : routing.layers()) {
            int[] top = new int[layer.tokensPerImage()];
            for (int t = 0; t < top.length; t++) {
                top[t] = layer.topExpert(row, t);
            }
            tiles.add(DatasetImages.tintPatches(image, top, argb, scale));
            columns.add("block " + layer.block() + " (" + layer.tokensPerImage() + " patches)");
        }
        int label = routing.subset().labels()[row];
        List<String> classNames = images.dataset().classNames();
        String labelText = label >= 0 && label < classNames.size() ? classNames.get(label) : "label " + label;
        return new Figure(
                "patch-experts-" + row,
                "Patches coloured by first-choice expert",
                "analysis image " + row + " (" + routing.subset().split() + " index "
                        + routing.subset().indices()[row] + ", " + labelText + ")",
                Figure.Kind.IMAGES,
                Axis.of("MoE layer", ""),
                Axis.of("", ""),
                List.of(),
                null,
                new Figure.ImageGrid(List.of(new Figure.ImageRow("", tiles)), columns, legend));
    }

    /**
     * The routing map of Sweet Spot Fig. 6: for one analysis image of each of the first {@code maxImages} classes
     * (rows), per MoE layer (columns), each patch coloured by its top-1 expert, as opaque as that expert's gate,
     * over the image.
     */
    public static Figure routingMap(RoutingData routing, DatasetImages images, int maxImages) {
        int[] argb = expertColours(routing.header().experts());
        List<Figure.LegendEntry> legend = expertLegend(argb);
        int[] labels = routing.subset().labels();
        List<String> classNames = images.dataset().classNames();
        java.util.Set<Integer> seen = new java.util.LinkedHashSet<>();
        List<Figure.ImageRow> rows = new ArrayList<>();
        for (int row = 0; row < labels.length && rows.size() < maxImages; row++) {
            if (!seen.add(labels[row])) {
                continue; // one image per class
            }
            BufferedImage image = images.analysisImage(routing.subset(), row);
            int scale = Math.max(1, 96 / Math.max(image.getWidth(), 1));
            List<BufferedImage> tiles = new ArrayList<>();
            tiles.add(scaleOnly(image, scale));
            for (RoutingData.Layer layer : routing.layers()) {
                int[] top = new int[layer.tokensPerImage()];
                float[] gate = new float[top.length];
                for (int t = 0; t < top.length; t++) {
                    int at = (row * layer.tokensPerImage() + t) * layer.k();
                    top[t] = layer.chosen()[at];
                    gate[t] = layer.gates()[at];
                }
                tiles.add(DatasetImages.tintPatchesByGate(image, top, gate, argb, scale));
            }
            int label = labels[row];
            String name = label >= 0 && label < classNames.size() ? classNames.get(label) : "label " + label;
            rows.add(new Figure.ImageRow(name, tiles));
        }
        List<String> columns = new ArrayList<>();
        columns.add("image");
        for (RoutingData.Layer layer : routing.layers()) {
            columns.add("block " + layer.block());
        }
        return new Figure(
                "routing-map",
                "Routing map: patches by first-choice expert, opacity = gate",
                "one analysis image per class; " + routing.subset().split() + " split, snapshot after epoch "
                        + routing.header().epoch(),
                Figure.Kind.IMAGES,
                Axis.of("MoE layer", ""),
                Axis.of("class", ""),
                List.of(),
                null,
                new Figure.ImageGrid(rows, columns, legend));
    }

    /** One palette colour per expert, as the patch overlays and the routing map draw them. */
    private static int[] expertColours(int experts) {
        int[] argb = new int[experts];
        for (int e = 0; e < experts; e++) {
            argb[e] = Palette.category(e, experts).getRGB();
        }
        return argb;
    }

    private static List<Figure.LegendEntry> expertLegend(int[] argb) {
        List<Figure.LegendEntry> legend = new ArrayList<>();
        for (int e = 0; e < argb.length; e++) {
            legend.add(new Figure.LegendEntry("expert " + e, argb[e]));
        }
        return legend;
    }

    // ---- helpers ------------------------------------------------------------------------------------

    static String subtitle(RunAnalysis analysis) {
        String s = analysis.run().id();
        if (analysis.snapshot() != null) {
            s += String.format(
                    Locale.ROOT,
                    " \u2014 %s snapshot (epoch %d), %d analysis images",
                    analysis.snapshot(),
                    analysis.epoch(),
                    analysis.images());
        }
        return s;
    }

    static List<String> expertNames(int experts) {
        List<String> names = new ArrayList<>();
        for (int e = 0; e < experts; e++) {
            names.add(String.valueOf(e));
        }
        return names;
    }

    static double[] percent(double[] shares) {
        return Percent.of(shares);
    }

    private static double[] longs(long[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static BufferedImage scaleOnly(BufferedImage image, int scale) {
        BufferedImage out =
                new BufferedImage(image.getWidth() * scale, image.getHeight() * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                out.setRGB(x, y, image.getRGB(x / scale, y / scale));
            }
        }
        return out;
    }
}
