package org.moeworkbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.hardmoe.HardMoeRunner;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.CancellationToken;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code moe hardmoe --config FILE [--runs DIR]} (one run directory per K of the config; they share the trunk)
 * and {@code moe hardmoe --resume RUN_DIR} (continues expert by expert). Exit codes as {@code moe train}.
 */
@Command(
        name = "hardmoe",
        mixinStandardHelpOptions = true,
        description = {
            "Hard mixture of experts (Gross et al. 2017): trunk, PCA + K-means gater, one expert per"
                    + " cluster, p@m / q@m evaluation.",
            "Ctrl-C stops after the current step; --resume continues the run expert by expert."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:completed", "1:failed", "2:refused (invalid config, not a hard-MoE run)", "130:cancelled"})
public final class HardMoeCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--config", paramLabel = "FILE", required = true, description = "hard-MoE config (JSON)")
        Path config;

        @Option(
                names = "--resume",
                paramLabel = "RUN_DIR",
                required = true,
                description = "continue this hard-MoE run (only the experts not trained yet are trained)")
        Path resume;
    }

    @Option(
            names = "--runs",
            paramLabel = "DIR",
            defaultValue = "runs",
            description = "folder for new runs (default: ${DEFAULT-VALUE})")
    Path runs;

    @Option(
            names = "--step-lines",
            paramLabel = "N",
            defaultValue = "25",
            description = "print a progress line every N steps of a model (default: ${DEFAULT-VALUE}; 0 = none)")
    int stepLines;

    private final PrintStream out;
    private final PrintStream err;

    public HardMoeCommand() {
        this(System.out, System.err);
    }

    HardMoeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        List<Path> dirs = new ArrayList<>();
        HardMoeConfig config = null;
        try {
            if (source.resume != null) {
                HardMoeRun run = HardMoeRun.open(source.resume);
                if (run.status() == RunStatus.COMPLETED && run.results().isPresent()) {
                    err.println(source.resume + " has already completed; there is nothing to resume");
                    return TrainCommand.REFUSED;
                }
                dirs.add(source.resume);
            } else {
                config = ConfigJson.read(source.config, HardMoeConfig.class);
            }
        } catch (ConfigFileException | InvalidConfigException e) {
            err.println("invalid config: " + e.getMessage());
            return TrainCommand.REFUSED;
        } catch (IOException e) {
            err.println("cannot resume: " + e.getMessage());
            return TrainCommand.REFUSED;
        }
        CancellationToken cancel = new CancellationToken();
        CtrlC ctrlC = new CtrlC(cancel, err, "stopping after the current step...", "hardmoe");
        try {
            HardMoeRunner runner = new HardMoeRunner();
            int code = 0;
            List<Integer> ks = config == null ? List.of(-1) : config.clusters();
            for (int i = 0; i < ks.size(); i++) {
                Path dir = config == null ? dirs.get(0) : HardMoeRunner.create(runs, config, ks.get(i), Instant.now());
                out.println("run directory: " + dir);
                long start = System.nanoTime();
                HardMoeRunner.Outcome outcome = runner.run(dir, new StageLines(out, stepLines), cancel);
                out.printf("%s in %.1f s%n", outcome.status().json(), (System.nanoTime() - start) / 1e9);
                if (outcome.status() == RunStatus.COMPLETED) {
                    printResults(outcome.results());
                } else if (outcome.status() == RunStatus.CANCELLED) {
                    out.println(outcome.message());
                    return TrainCommand.CANCELLED;
                } else {
                    err.println("run failed: " + outcome.message());
                    code = 1;
                }
            }
            return code;
        } catch (org.moeworkbench.engine.run.RunLock.RunLockedException e) {
            err.println("refused: " + e.getMessage());
            return TrainCommand.REFUSED;
        } catch (IOException | RuntimeException e) {
            err.println("run failed: " + e);
            return 1;
        } finally {
            ctrlC.close();
        }
    }

    private void printResults(Map<String, HardMoeRun.ModelResult> results) {
        out.printf(
                "%-9s %9s %9s %9s %7s %7s %7s %7s %7s %7s %6s%n",
                "model", "trainLoss", "testLoss", "lossPerTag", "q@1", "q@5", "q@10", "p@1", "p@5", "p@10", "cost");
        results.forEach((name, r) -> out.printf(
                "%-9s %9s %9s %9s %7s %7s %7s %7s %7s %7s %6s%n",
                name,
                f(r.trainLoss()),
                f(r.testLoss()),
                f(r.testLossPerTag()),
                f(r.q1()),
                f(r.q5()),
                f(r.q10()),
                f(r.p1()),
                f(r.p5()),
                f(r.p10()),
                f(r.inferenceCostRelative())));
    }

    private static String f(Double v) {
        return v == null ? "-" : String.format("%.2f", v);
    }
}
