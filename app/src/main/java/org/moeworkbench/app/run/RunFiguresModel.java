package org.moeworkbench.app.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.moeworkbench.engine.analysis.RoutingData;
import org.moeworkbench.engine.analysis.RunAnalysis;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.analysis.TrainingCurves;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.plots.DatasetImages;
import org.moeworkbench.plots.Figure;
import org.moeworkbench.plots.Figures;

/**
 * The figures of one run, from the engine's analysis (org.moeworkbench.engine.analysis) and the plots module's
 * figure definitions: the app computes nothing itself. {@link #load} reads files and may open the dataset, so
 * call it off the UI thread.
 *
 * @param runDir   the run directory
 * @param analysis the engine's analysis of the chosen routing snapshot (no layers for a dense run)
 * @param routing  the routing snapshot itself, or null for a run without one
 * @param images   the run's dataset as training saw it (for image figures), or null without routing
 */
public record RunFiguresModel(Path runDir, RunAnalysis analysis, RoutingData routing, DatasetImages images) {

    /** Loads the latest routing snapshot ("final" when the run completed). */
    public static RunFiguresModel load(Path runDir) throws IOException {
        return load(runDir, null);
    }

    /** Loads routing snapshot {@code stem} ("final", "epoch-0002"); null picks the latest. */
    public static RunFiguresModel load(Path runDir, String stem) throws IOException {
        RunDirectory dir = RunDirectory.open(runDir);
        List<String> stems = RoutingData.snapshots(dir.routing());
        if (stems.isEmpty()) {
            return new RunFiguresModel(runDir, RunAnalysis.of(runDir), null, null);
        }
        String chosen = stem == null ? stems.get(stems.size() - 1) : stem;
        RoutingData routing = RoutingData.read(dir.routing(), chosen);
        RunAnalysis analysis =
                RunAnalysis.of(RunSummary.read(runDir), TrainingCurves.read(dir.metricsFile()), routing, chosen);
        return new RunFiguresModel(runDir, analysis, routing, DatasetImages.of(runDir));
    }

    /** Same dataset, newer snapshot (the live routing view reuses the opened dataset). */
    public RunFiguresModel reload(String stem) throws IOException {
        RunDirectory dir = RunDirectory.open(runDir);
        RoutingData newer = RoutingData.read(dir.routing(), stem);
        RunAnalysis fresh =
                RunAnalysis.of(RunSummary.read(runDir), TrainingCurves.read(dir.metricsFile()), newer, stem);
        return new RunFiguresModel(runDir, fresh, newer, images == null ? DatasetImages.of(runDir) : images);
    }

    /**
     * How much the MoE layers matter, in one line for the run view: the test accuracy lost with every MoE layer's
     * output switched off, and per layer the mutual information of top-1 expert and class. Empty for a dense run.
     */
    public String moeSignalText() {
        StringBuilder text = new StringBuilder();
        var curves = analysis.training();
        if (curves != null && !Double.isNaN(curves.testAccuracyMoeOff())) {
            text.append(String.format(
                    java.util.Locale.ROOT,
                    "MoE layers off at test: %.1f%% (%.1f points below %.1f%%)",
                    100 * curves.testAccuracyMoeOff(),
                    100 * curves.moeOffAccuracyDrop(),
                    100 * curves.testAccuracy()));
        }
        if (!analysis.layers().isEmpty()) {
            text.append(text.length() == 0 ? "" : ";  ").append("expert-class mutual information:");
            for (var layer : analysis.layers()) {
                text.append(String.format(
                        java.util.Locale.ROOT,
                        " block %d %.2f bits (%.0f%% of class entropy)",
                        layer.layer(),
                        layer.expertClassMutualInformationBits(),
                        100 * layer.expertClassMutualInformationShare()));
            }
        }
        return text.toString();
    }

    public boolean hasRouting() {
        return routing != null && !analysis.layers().isEmpty();
    }

    public int layers() {
        return analysis.layers().size();
    }

    /** "MoE layer 0 (block 4)" for the layer pickers. */
    public List<String> layerNames() {
        return routing == null
                ? List.of()
                : java.util.stream.IntStream.range(0, routing.layers().size())
                        .mapToObj(i -> "MoE layer " + i + " (block "
                                + routing.layers().get(i).block() + ")")
                        .toList();
    }

    public List<String> classNames() {
        return images == null ? List.of() : images.dataset().classNames();
    }

    public Figure trainingLoss() {
        return Figures.trainingLoss(analysis);
    }

    public Figure auxLoss() {
        return Figures.auxLoss(analysis);
    }

    public Figure accuracy() {
        return Figures.accuracy(analysis);
    }

    public Figure loadBars() {
        return Figures.loadBars(analysis);
    }

    public Figure expertsPerImageCdf() {
        return Figures.expertsPerImageCdf(analysis);
    }

    public Figure patchesPerExpertCdf() {
        return Figures.patchesPerExpertCdf(analysis);
    }

    public Figure similarity(int layer, boolean plainJaccard) {
        return Figures.similarity(analysis, layer, plainJaccard);
    }

    public Figure expertClass(int layer) {
        return Figures.expertClass(analysis, layer, classNames());
    }

    public Figure imagesByExpert(int layer, int perExpert) {
        return Figures.imagesByExpert(routing, layer, images, perExpert);
    }

    /** Analysis images in the snapshot (rows of {@link #patchExperts}). */
    public int analysisImages() {
        return routing == null ? 0 : routing.subset().indices().length;
    }

    public Figure patchExperts(int row) {
        return Figures.patchExperts(routing, images, row);
    }

    /** Sweet Spot Fig. 6: one image per class by MoE layer, patches by expert with the gate as opacity. */
    public Figure routingMap() {
        return Figures.routingMap(routing, images, 8);
    }
}
