package org.moeworkbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.analysis.AnalysisJson;
import org.moeworkbench.engine.analysis.LayerAnalysis;
import org.moeworkbench.engine.analysis.Percent;
import org.moeworkbench.engine.analysis.RunAnalysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code moe analyze RUN_DIR}: the routing analyses of one run (docs/analysis.md). */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Expert load, experts per image (mean, distribution, CDF), patches per expert per image, "
                + "expert similarity (Jaccard-derived and plain), expert x class counts per MoE layer, and the "
                + "training curves, from a run directory. --json prints everything (docs/analysis.md).")
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory (runs/<id>).")
    Path runDir;

    @Option(
            names = "--snapshot",
            paramLabel = "STEM",
            description = "Routing snapshot: final (default; the latest epoch snapshot if there is no final one) "
                    + "or epoch-NNNN.")
    String snapshot;

    @Option(names = "--json", description = "Print the full analysis as JSON (layers[].layer, load, jaccard, ...).")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunAnalysis analysis;
        try {
            analysis = RunAnalysis.of(runDir, snapshot);
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot analyse " + runDir + ": " + e.getMessage());
            return 1;
        }
        if (json) {
            out.println(AnalysisJson.write(analysis));
            return 0;
        }
        var run = analysis.run();
        out.printf(
                Locale.ROOT,
                "run %s (%s, %s): %s, %d experts, top-%d, %,d params (%,d active), accuracy %s%n",
                run.id(),
                run.name(),
                run.status(),
                run.family(),
                run.experts(),
                run.topK(),
                run.params(),
                run.paramsActive(),
                Percent.text(run.accuracy()));
        if (analysis.hardMoe() != null) {
            var hard = analysis.hardMoe();
            out.printf(
                    Locale.ROOT,
                    "hard MoE: K=%d clusters, train sizes %s, test sizes %s%n",
                    hard.k(),
                    java.util.Arrays.toString(hard.clusterSizes()),
                    java.util.Arrays.toString(hard.testSizes()));
            out.printf(
                    Locale.ROOT,
                    "q@10: %s%n",
                    Double.isNaN(run.q10()) ? "-" : String.format(Locale.ROOT, "%.2f%%", run.q10()));
            out.println("most frequent tags: " + hard.mostFrequentTags(5));
            return 0;
        }
        if (analysis.layers().isEmpty()) {
            out.println(run.dense() ? "dense run: no MoE layers to analyse" : "no routing snapshot yet");
            return 0;
        }
        var curves = analysis.training();
        if (curves != null && !Double.isNaN(curves.testAccuracyMoeOff())) {
            out.printf(
                    Locale.ROOT,
                    "MoE layers switched off at test (blocks keep their residual): accuracy %s, "
                            + "%s with them: a drop of %s%n",
                    Percent.text(curves.testAccuracyMoeOff()),
                    Percent.text(curves.testAccuracy()),
                    Percent.points(curves.moeOffAccuracyDrop()));
        }
        out.printf(
                Locale.ROOT,
                "snapshot %s (epoch %d), %d analysis images, %d classes%n",
                analysis.snapshot(),
                analysis.epoch(),
                analysis.images(),
                analysis.classes());
        for (LayerAnalysis layer : analysis.layers()) {
            out.printf(
                    Locale.ROOT,
                    "block %d: %d tokens/image, k=%d, experts/image %.2f of %d, patches/expert/image "
                            + "%.1f, dropped %.2f%%%n",
                    layer.layer(),
                    layer.tokensPerImage(),
                    layer.k(),
                    layer.expertsPerImageMean(),
                    layer.experts(),
                    layer.patchesPerExpertMean(),
                    100 * layer.droppedShare());
            // Percent, as the app's load charts and the health lines show it.
            StringBuilder load = new StringBuilder("  load per expert");
            for (double l : layer.load()) {
                load.append(' ').append(Percent.shortText(l));
            }
            out.println(load);
            double off = 0;
            int pairs = 0;
            for (int i = 0; i < layer.experts(); i++) {
                for (int j = i + 1; j < layer.experts(); j++) {
                    off += layer.jaccard()[i][j];
                    pairs++;
                }
            }
            out.printf(
                    Locale.ROOT,
                    "  mean similarity between experts (Jaccard-derived) %.3f%n",
                    pairs == 0 ? 0 : off / pairs);
            out.printf(
                    Locale.ROOT,
                    "  mutual information of top-1 expert and class %.3f bits (%.1f%% of the class " + "entropy)%n",
                    layer.expertClassMutualInformationBits(),
                    100 * layer.expertClassMutualInformationShare());
            var health = layer.health();
            out.printf(
                    Locale.ROOT,
                    "  health: load min %.1f%% max %.1f%% CV %.2f, %d of %d experts utilised, %d dead, effective experts"
                            + " %.2f%n",
                    100 * health.minShare(),
                    100 * health.maxShare(),
                    health.cv(),
                    Math.round(health.utilisation() * health.experts()),
                    health.experts(),
                    health.deadExperts(),
                    health.effectiveExperts());
            if (curves != null) {
                curves.health().stream()
                        .filter(c -> c.block() == layer.layer() && c.epochs().length > 0)
                        .findFirst()
                        .ifPresent(c -> {
                            int last = c.epochs().length - 1;
                            out.printf(
                                    Locale.ROOT,
                                    "  training, epoch %d: gate entropy %.3f nats (uniform %.3f), effective experts"
                                            + " %.2f, drop rate %s, dead experts %d%n",
                                    c.epochs()[last],
                                    c.epochGateEntropy()[last],
                                    Math.log(layer.experts()),
                                    c.epochEffectiveExperts()[last],
                                    Percent.text(c.epochDropRate()[last]),
                                    c.epochDeadExperts()[last]);
                        });
            }
        }
        if (curves != null) {
            for (var alarm : curves.alarms()) {
                out.println("alarm (step " + alarm.step() + "): " + alarm.message());
            }
        }
        return 0;
    }
}
