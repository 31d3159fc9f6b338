package org.moeworkbench.app.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.moeworkbench.engine.analysis.HardMoeAnalysis;
import org.moeworkbench.engine.data.Datasets;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.plots.DatasetImages;
import org.moeworkbench.plots.Figure;
import org.moeworkbench.plots.HardMoeFigures;

/**
 * The figures of one hard-MoE run (Gross et al.), from the engine's HardMoeAnalysis and the plots module's
 * HardMoeFigures. {@link #load} reads files and opens the dataset: call it off the UI thread.
 *
 * @param runId            the run directory name
 * @param seed             the run's seed (random images per cluster are drawn with it)
 * @param hard             the engine's analysis (cluster sizes, tag counts, per-tag q@10)
 * @param trainAssignments the cluster of each train image, or null before the gater has run
 * @param images           the run's dataset (null without assignments)
 */
public record HardRunFiguresModel(
        String runId, long seed, HardMoeAnalysis hard, int[] trainAssignments, DatasetImages images) {

    public static HardRunFiguresModel load(Path runDir) throws IOException {
        HardMoeRun run = HardMoeRun.open(runDir);
        HardMoeAnalysis hard = HardMoeAnalysis.of(run);
        int[] assignments = run.trainAssignments().orElse(null);
        DatasetImages images = assignments == null
                ? null
                : new DatasetImages(Datasets.open(run.config().data()));
        return new HardRunFiguresModel(run.id(), run.config().seed(), hard, assignments, images);
    }

    public boolean clustered() {
        return trainAssignments != null;
    }

    /** Every tag of the run, most frequent first (for the tag picker). */
    public List<String> tagsByFrequency() {
        return hard.mostFrequentTags(hard.tags().size());
    }

    public Figure clusterGrid(int perCluster) {
        return HardMoeFigures.clusterGrid(hard, trainAssignments, images, perCluster, seed, runId);
    }

    /** Histograms of {@code tags} over the clusters; an empty list gives the 4 most frequent tags. */
    public Figure tagOverClusters(List<String> tags) {
        return HardMoeFigures.tagOverClusters(hard, tags, runId);
    }

    public Figure clusterSizes() {
        return HardMoeFigures.clusterSizes(hard, runId);
    }

    public Figure sparsityVsQ10() {
        return HardMoeFigures.sparsityVsQ10(hard, runId);
    }
}
