package org.moeworkbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.analysis.MoeGain;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.analysis.StudyTable;
import org.moeworkbench.engine.study.StudyFile;
import org.moeworkbench.plots.ComparisonFigures;
import org.moeworkbench.plots.Figure;
import org.moeworkbench.plots.FigureRenderer;
import org.moeworkbench.plots.HardMoeFigures;
import org.moeworkbench.plots.PaperOverlay;
import org.moeworkbench.plots.RunFigures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code moe figures}: every figure of the chosen runs, and the across-run and paper figures, as PNG and SVG. */
@Command(
        name = "figures",
        mixinStandardHelpOptions = true,
        description =
                "Write every figure (docs/analysis.md) without a display: per run under OUT/<run id>/ "
                        + "(expert load, experts per image CDF, patches per expert CDF, similarity and expert x class "
                        + "heatmaps per MoE layer, training curves, image grids), across runs under OUT/ (Pareto fronts, "
                        + "MoE gain; for a study folder of moe sweep, accuracy against the varied setting) and the papers' figures redrawn from their tables (OUT/paper-*).")
public final class FiguresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--runs", required = true, paramLabel = "DIR", description = "The folder holding run directories.")
    Path runs;

    @Option(names = "--run", paramLabel = "ID", description = "Only these runs (repeatable; default: all).")
    List<String> only = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the figures.")
    Path out;

    @Option(
            names = "--format",
            split = ",",
            defaultValue = "png,svg",
            description = "png, svg or both (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--width", defaultValue = "1200", description = "Width in pixels (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "800", description = "Height in pixels (default: ${DEFAULT-VALUE}).")
    int height;

    @Mixin
    ImageGridOptions imageGrids;

    @Option(
            names = "--tags",
            split = ",",
            paramLabel = "TAG",
            description = "Tags of the hard-MoE tag-over-cluster histogram (default: the 4 most frequent).")
    List<String> tags = new ArrayList<>();

    private final List<Path> written = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String format : formats) {
            if (!format.equals("png") && !format.equals("svg")) {
                err.println("error: --format " + format + ": use png, svg or png,svg");
                return 2;
            }
        }
        List<String> problems = new ArrayList<>();
        List<RunSummary> all;
        try {
            all = RunSummary.scan(runs, problems);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        Set<String> missing = new LinkedHashSet<>(only);
        List<RunSummary> chosen = new ArrayList<>();
        for (RunSummary run : all) {
            String dirName =
                    run.id().endsWith("/trunk") ? run.id().substring(0, run.id().length() - 6) : run.id();
            if (only.isEmpty() || only.contains(dirName)) {
                chosen.add(run);
                missing.remove(dirName);
            }
        }
        if (!missing.isEmpty()) {
            err.println("error: no run " + missing + " under " + runs + " (runs there: "
                    + all.stream().map(RunSummary::id).toList() + ")");
            return 2;
        }
        RunFigures runFigures = imageGrids.runFigures(tags);
        try {
            for (RunSummary run : chosen) {
                if (run.id().endsWith("/trunk")) {
                    continue; // a hard-MoE run's trunk: a point of the across-run figures only
                }
                try {
                    for (Figure figure : runFigures.of(run)) {
                        write(figure, out.resolve(run.id()));
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(run.id() + ": " + e.getMessage());
                }
            }
            for (ParetoFront.Cost cost : ParetoFront.Cost.values()) {
                write(ComparisonFigures.pareto(chosen, cost, null), out);
                write(ComparisonFigures.pareto(chosen, cost, PaperOverlay.sweetSpotFigure2("ImageNet-21k")), out);
            }
            if (chosen.stream().anyMatch(RunSummary::hardMoe)) {
                write(HardMoeFigures.pareto(chosen, null), out);
                write(HardMoeFigures.pareto(chosen, PaperOverlay.grossFigure4()), out);
            }
            if (Files.isRegularFile(runs.resolve(StudyFile.FILE))) {
                // the runs folder is a study (moe sweep): accuracy against the varied setting
                write(ComparisonFigures.studyAccuracy(StudyTable.read(runs)), out);
            }
            List<MoeGain> gains = MoeGain.of(chosen);
            write(ComparisonFigures.moeGain(gains, false), out);
            write(ComparisonFigures.moeGain(gains, true), out);
            write(
                    ComparisonFigures.paperPareto(
                            PaperOverlay.sweetSpotFigure2("ImageNet-21k"), ParetoFront.Cost.PARAMS_ACTIVE),
                    out);
            write(
                    ComparisonFigures.paperPareto(
                            PaperOverlay.sweetSpotFigure2("JFT-300M"), ParetoFront.Cost.PARAMS_TOTAL),
                    out);
            write(ComparisonFigures.paperPareto(PaperOverlay.grossFigure4(), ParetoFront.Cost.PARAMS_TOTAL), out);
            write(ComparisonFigures.paperMoeGain(), out);
        } catch (IOException e) {
            err.println("error: cannot write figures to " + out + ": " + e.getMessage());
            return 1;
        }
        for (Path p : written) {
            o.println(p);
        }
        long runCount = chosen.stream().map(RunSummary::dir).distinct().count(); // a hard MoE has a trunk row too
        o.println(written.size() + " files for " + runCount + (runCount == 1 ? " run" : " runs") + " in " + out);
        for (String p : problems) {
            err.println("warning: " + p);
        }
        return 0;
    }

    private void write(Figure figure, Path dir) throws IOException {
        Files.createDirectories(dir);
        if (formats.contains("png")) {
            written.add(FigureRenderer.png(figure, dir.resolve(figure.id() + ".png"), width, height));
        }
        if (formats.contains("svg")) {
            written.add(FigureRenderer.svg(figure, dir.resolve(figure.id() + ".svg"), width, height));
        }
    }
}
