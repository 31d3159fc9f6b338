package org.moeworkbench.engine.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.moeworkbench.engine.run.RunDirectory;

/**
 * Everything {@code moe analyze RUN_DIR --json} prints for one run. Read from the run directory only
 * (config.json, model.json, metrics.jsonl, routing/), so the app, the CLI and a Python reader of the files
 * see the same numbers.
 *
 * @param run       what the run is and how well it did
 * @param snapshot  routing snapshot analysed ("final", "epoch-0003"), null for a run without routing
 * @param epoch     epochs done when the snapshot was taken (0 if none)
 * @param images    analysis images
 * @param classes   classes in the labels (max label + 1)
 * @param layers    one entry per MoE layer, in block order (empty for a dense run)
 * @param training  the training curves of metrics.jsonl (sparse runs; null for hard MoE)
 * @param hardMoe   the hard-MoE analyses, null for a sparse run
 */
public record RunAnalysis(
        RunSummary run,
        String snapshot,
        int epoch,
        int images,
        int classes,
        List<LayerAnalysis> layers,
        TrainingCurves training,
        HardMoeAnalysis hardMoe) {

    /** Analyses the final routing snapshot (or the last epoch snapshot if the run has no final one yet). */
    public static RunAnalysis of(Path runDir) throws IOException {
        return of(runDir, null);
    }

    /** Analyses routing snapshot {@code stem} ("final", "epoch-0002"); null picks the latest. */
    public static RunAnalysis of(Path runDir, String stem) throws IOException {
        if (RunDirectory.isHardMoe(runDir)) {
            return new RunAnalysis(
                    RunSummary.readHardMoe(runDir).get(0), null, 0, 0, 0, List.of(), null, HardMoeAnalysis.of(runDir));
        }
        RunDirectory dir = RunDirectory.open(runDir);
        RunSummary summary = RunSummary.read(runDir);
        TrainingCurves curves = TrainingCurves.read(dir.metricsFile());
        List<String> stems = RoutingData.snapshots(dir.routing());
        if (stem == null && stems.isEmpty()) {
            return new RunAnalysis(summary, null, 0, 0, 0, List.of(), curves, null);
        }
        String chosen = stem == null ? stems.get(stems.size() - 1) : stem;
        return of(summary, curves, RoutingData.read(dir.routing(), chosen), chosen);
    }

    /** The analysis of routing data already read (the app keeps it for the image figures). */
    public static RunAnalysis of(RunSummary summary, TrainingCurves curves, RoutingData routing, String stem) {
        int[] labels = routing.subset().labels();
        int classes = 0;
        for (int l : labels) {
            classes = Math.max(classes, l + 1);
        }
        int classCount = classes;
        // Layers are independent: analyse them on all cores (2 s budget for 10,000 images x 64 tokens x 4 layers).
        List<LayerAnalysis> layers = routing.layers().parallelStream()
                .map(layer -> LayerAnalysis.of(layer, labels, classCount))
                .toList();
        return new RunAnalysis(
                summary,
                stem,
                routing.header().epoch(),
                routing.header().images(),
                classes,
                List.copyOf(layers),
                curves,
                null);
    }
}
