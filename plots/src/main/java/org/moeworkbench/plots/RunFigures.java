package org.moeworkbench.plots;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.moeworkbench.engine.analysis.HardMoeAnalysis;
import org.moeworkbench.engine.analysis.RoutingData;
import org.moeworkbench.engine.analysis.RunAnalysis;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.analysis.TrainingCurves;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.run.RunDirectory;

/**
 * The figures of one run: what {@code moe figures} draws under {@code OUT/<run id>/} and {@code moe export --csv}
 * writes as data, so both always cover the same figures. Opens each dataset once for all runs that share it (the
 * image grids need the images).
 */
public final class RunFigures {
    /**
     * @param images whether to draw the image-grid figures (they open the run's dataset)
     * @param perRow images per row of the image grids
     * @param tags   tags of the hard-MoE tag-over-cluster histogram; empty for the 4 most frequent
     */
    public record Options(boolean images, int perRow, List<String> tags) {
        public Options {
            tags = List.copyOf(tags);
        }
    }

    private final Options options;
    private final Map<DataConfig, DatasetImages> datasets = new HashMap<>();

    public RunFigures(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** The run's figures; none for a hard MoE's trunk row (only a point of the across-run figures). */
    public List<Figure> of(RunSummary run) throws IOException {
        List<Figure> figures = new ArrayList<>();
        if (run.hardMoe()) {
            if (!run.dense()) {
                hardMoe(run, figures);
            }
            return figures;
        }
        Path runDir = run.dir();
        RunDirectory directory = RunDirectory.open(runDir);
        List<String> stems = RoutingData.snapshots(directory.routing());
        TrainingCurves curves = TrainingCurves.read(directory.metricsFile());
        RoutingData routing =
                stems.isEmpty() ? null : RoutingData.read(directory.routing(), stems.get(stems.size() - 1));
        RunAnalysis analysis = routing == null
                ? new RunAnalysis(run, null, 0, 0, 0, List.of(), curves, null)
                : RunAnalysis.of(run, curves, routing, stems.get(stems.size() - 1));
        figures.add(Figures.trainingLoss(analysis));
        figures.add(Figures.accuracy(analysis));
        if (analysis.layers().isEmpty()) {
            return figures;
        }
        figures.add(Figures.auxLoss(analysis));
        figures.add(Figures.loadBars(analysis));
        figures.add(Figures.expertsPerImageCdf(analysis));
        figures.add(Figures.patchesPerExpertCdf(analysis));
        DatasetImages images = options.images() ? dataset(directory.config().data(), runDir) : null;
        List<String> classNames = images != null ? images.dataset().classNames() : null;
        for (int i = 0; i < analysis.layers().size(); i++) {
            figures.add(Figures.similarity(analysis, i, false));
            figures.add(Figures.similarity(analysis, i, true));
            figures.add(Figures.expertClass(analysis, i, classNames));
            if (images != null) {
                figures.add(Figures.imagesByExpert(routing, i, images, options.perRow()));
            }
        }
        if (images != null) {
            figures.add(Figures.patchExperts(routing, images, 0));
            figures.add(Figures.routingMap(routing, images, 8));
        }
        return figures;
    }

    /** The images of {@code data}, opened once for every run that uses it. */
    public DatasetImages dataset(DataConfig data, Path runDir) throws IOException {
        DatasetImages images = datasets.get(data);
        if (images == null) {
            images = DatasetImages.of(runDir);
            datasets.put(data, images);
        }
        return images;
    }

    private void hardMoe(RunSummary run, List<Figure> figures) throws IOException {
        HardMoeRun hardRun = HardMoeRun.open(run.dir());
        HardMoeAnalysis hard = HardMoeAnalysis.of(hardRun);
        if (hard.clusterSizes().length > 0) {
            figures.add(HardMoeFigures.clusterSizes(hard, run.id()));
        }
        if (hard.tagCounts().length > 0) {
            figures.add(HardMoeFigures.tagOverClusters(hard, options.tags(), run.id()));
        }
        if (!hard.perTag().isEmpty()) {
            figures.add(HardMoeFigures.sparsityVsQ10(hard, run.id()));
        }
        var assignments = hardRun.trainAssignments();
        if (options.images() && assignments.isPresent()) {
            DatasetImages images = dataset(hardRun.config().data(), run.dir());
            figures.add(HardMoeFigures.clusterGrid(
                    hard,
                    assignments.get(),
                    images,
                    options.perRow(),
                    hardRun.config().seed(),
                    run.id()));
        }
    }
}
