package org.moeworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.analysis.Percent;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.WhatIf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code moe whatif RUN [--ablate L:E,...] [--force L:E] [--topk K] [--capacity F] [--router-noise S]}. */
@Command(
        name = "whatif",
        mixinStandardHelpOptions = true,
        description = "Evaluate a trained sparse-MoE run with its routing changed and compare with the run routed as"
                + " trained: accuracy, loss and load per MoE layer on the test split (or the analysis subset)."
                + " Results are cached in RUN/whatif/ (docs/formats.md).")
public final class WhatIfCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A sparse-MoE run directory with a checkpoint.")
    Path run;

    @Option(
            names = "--ablate",
            split = ",",
            paramLabel = "BLOCK:EXPERT",
            description = "Remove experts from routing (their tokens go to the next choice), e.g. 4:1,5:0.")
    List<String> ablate = new ArrayList<>();

    @Option(
            names = "--force",
            split = ",",
            paramLabel = "BLOCK:EXPERT",
            description = "Send every token of a layer to this expert first (one per layer), e.g. 5:2.")
    List<String> force = new ArrayList<>();

    @Option(names = "--topk", paramLabel = "K", description = "Experts per token instead of the trained k.")
    Integer topK;

    @Option(
            names = "--capacity",
            paramLabel = "F",
            description = "Expert capacity factor instead of the trained one (0 = unlimited).")
    Double capacity;

    @Option(
            names = "--router-noise",
            paramLabel = "S",
            description = "Gaussian noise of std S on the router scores at evaluation.")
    Double routerNoise;

    @Option(
            names = "--analysis-images",
            description = "Evaluate the run's analysis subset (fast) instead of the whole test split.")
    boolean analysisImages;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WhatIf.Setting setting;
        try {
            setting = new WhatIf.Setting(
                    ablate.stream().map(WhatIf.ExpertRef::parse).toList(),
                    force.stream().map(WhatIf.ExpertRef::parse).toList(),
                    topK,
                    capacity,
                    routerNoise,
                    analysisImages ? "analysis" : "test");
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        WhatIf.Result result;
        try {
            boolean cached = WhatIf.cached(run, setting).isPresent();
            if (!json) {
                out.println("what if: " + setting.describe() + (cached ? " (cached)" : ""));
                out.flush();
            }
            result = WhatIf.evaluate(run, setting, p -> {}, new CancellationToken());
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("error: cannot evaluate " + run + ": " + e.getMessage());
            return 1;
        }
        if (json) {
            out.println(ConfigJson.toJson(result).strip());
        } else {
            print(result, out);
        }
        return 0;
    }

    private static void print(WhatIf.Result r, PrintWriter out) {
        WhatIf.Outcome before = r.unchanged();
        WhatIf.Outcome after = r.changed();
        out.printf(
                Locale.ROOT,
                "%d %s images, weights of checkpoints/%s%n",
                after.images(),
                r.setting().images().equals("test") ? "test" : "analysis",
                r.checkpoint());
        out.printf(
                Locale.ROOT,
                "accuracy %s -> %s (%s)%n",
                Percent.text(before.accuracy()),
                Percent.text(after.accuracy()),
                Percent.signedPoints(r.accuracyDelta()));
        out.printf(Locale.ROOT, "loss     %.4f -> %.4f (%+.4f)%n", before.loss(), after.loss(), r.lossDelta());
        for (int i = 0; i < after.layers().size(); i++) {
            WhatIf.LayerLoad b = before.layers().get(i);
            WhatIf.LayerLoad a = after.layers().get(i);
            StringBuilder line = new StringBuilder("block " + a.block() + " load");
            for (int e = 0; e < a.load().length; e++) {
                line.append(String.format(Locale.ROOT, "  e%d %.3f->%.3f", e, b.load()[e], a.load()[e]));
            }
            if (a.droppedShare() > 0 || b.droppedShare() > 0) {
                line.append(String.format(
                        Locale.ROOT, "  dropped %.1f%%->%.1f%%", 100 * b.droppedShare(), 100 * a.droppedShare()));
            }
            out.println(line);
        }
        if (r.routing() != null) {
            out.println("routing snapshot of the analysis images under the change: " + r.routing());
        }
    }
}
