package org.moeworkbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.plots.RunFigures;
import org.moeworkbench.plots.export.RunExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code moe export RUN_DIR... --tensorboard DIR --csv DIR}: runs in formats other tools read. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write runs for other tools: --tensorboard DIR writes TensorBoard event files (every number of "
                + "metrics.jsonl as a scalar, expert load per layer, the images routed to each expert per epoch), "
                + "which TensorBoard, W&B (wandb sync) and Aim read; --csv DIR writes the data of every figure of "
                + "moe figures as CSV. Each run goes under DIR/<run id>/.")
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories (runs/<id>).")
    List<Path> runDirs = new ArrayList<>();

    @Option(
            names = "--tensorboard",
            paramLabel = "DIR",
            description = "Write event files here (tensorboard --logdir DIR).")
    Path tensorBoard;

    @Option(names = "--csv", paramLabel = "DIR", description = "Write every figure's data as CSV here.")
    Path csv;

    @Mixin
    ImageGridOptions imageGrids;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (tensorBoard == null && csv == null) {
            err.println("error: say what to write: --tensorboard DIR, --csv DIR, or both");
            return 2;
        }
        for (Path dir : runDirs) {
            if (!RunDirectory.isRun(dir)) {
                err.println("error: " + dir + " is not a run directory (one holds config.json and metrics.jsonl; "
                        + "pass runs/<id>, not the runs folder)");
                return 2;
            }
        }
        RunFigures figures = imageGrids.runFigures(List.of());
        int failures = 0;
        for (Path dir : runDirs) {
            try {
                RunSummary run = RunSummary.readAny(dir).get(0); // a hard MoE's first point is the mixture
                if (tensorBoard != null) {
                    out.println(RunExport.tensorBoard(run, tensorBoard, figures));
                }
                if (csv != null) {
                    List<Path> files = RunExport.csv(run, csv, figures);
                    out.println(files.size() + " files in " + csv.resolve(run.id()));
                }
            } catch (IOException | RuntimeException e) {
                err.println("error: cannot export " + dir + ": " + e.getMessage());
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
