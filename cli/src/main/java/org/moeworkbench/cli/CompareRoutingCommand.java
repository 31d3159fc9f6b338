package org.moeworkbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.analysis.RoutingAgreement;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.plots.Figure;
import org.moeworkbench.plots.FigureRenderer;
import org.moeworkbench.plots.Figures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code moe compare-routing HARD_RUN SPARSE_RUN}: K-means clusters against dominant experts on the same images. */
@Command(
        name = "compare-routing",
        mixinStandardHelpOptions = true,
        description = "Hard against soft routing on the same test images: the hard MoE's K-means cluster of each "
                + "analysis image of the sparse run against the sparse MoE's dominant expert (top-1 of most of "
                + "its patches), per MoE layer: adjusted Rand index, normalised mutual information and the "
                + "cluster x expert table (docs/analysis.md). Both runs must use the same dataset.")
public final class CompareRoutingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HARD_RUN", description = "A hard-MoE run directory.")
    Path hardRun;

    @Parameters(index = "1", paramLabel = "SPARSE_RUN", description = "A sparse-MoE run directory.")
    Path sparseRun;

    @Option(names = "--json", description = "Print the comparison as JSON.")
    boolean json;

    @Option(
            names = "--figures",
            paramLabel = "DIR",
            description = "Also write the cluster x expert heatmap of each layer here (PNG and SVG).")
    Path figures;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RoutingAgreement agreement;
        try {
            agreement = RoutingAgreement.of(hardRun, sparseRun);
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot compare " + hardRun + " with " + sparseRun + ": " + e.getMessage());
            return 1;
        }
        if (json) {
            out.println(ConfigJson.toJson(agreement));
        } else {
            print(agreement, out);
        }
        if (figures != null) {
            try {
                Files.createDirectories(figures);
                for (int i = 0; i < agreement.layers().size(); i++) {
                    Figure figure = Figures.routingContingency(agreement, i);
                    out.println(FigureRenderer.png(figure, figures.resolve(figure.id() + ".png"), 1000, 700));
                    out.println(FigureRenderer.svg(figure, figures.resolve(figure.id() + ".svg"), 1000, 700));
                }
            } catch (IOException e) {
                err.println("error: cannot write figures to " + figures + ": " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private static void print(RoutingAgreement a, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "hard MoE %s (K = %d clusters) against sparse MoE %s (E = %d experts, snapshot %s), %d test images%n",
                a.hardRun(),
                a.clusters(),
                a.sparseRun(),
                a.experts(),
                a.snapshot(),
                a.images());
        for (RoutingAgreement.Layer layer : a.layers()) {
            out.printf(
                    Locale.ROOT,
                    "block %d: adjusted Rand index %.3f, normalised mutual information %.3f%n",
                    layer.block(),
                    layer.adjustedRandIndex(),
                    layer.normalizedMutualInformation());
            StringBuilder header = new StringBuilder("  cluster \\ expert");
            for (int e = 0; e < a.experts(); e++) {
                header.append(String.format(Locale.ROOT, "%6d", e));
            }
            out.println(header);
            long[][] table = layer.contingency();
            for (int c = 0; c < table.length; c++) {
                StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-16d", c));
                for (long n : table[c]) {
                    row.append(String.format(Locale.ROOT, "%6d", n));
                }
                out.println(row);
            }
        }
    }
}
