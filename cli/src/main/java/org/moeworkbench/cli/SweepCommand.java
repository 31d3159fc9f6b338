package org.moeworkbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.moeworkbench.engine.analysis.Percent;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.hardmoe.HardMoeRunner;
import org.moeworkbench.engine.launch.Farm;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.study.InvalidSweepException;
import org.moeworkbench.engine.study.RunFarm;
import org.moeworkbench.engine.study.Sweep;
import org.moeworkbench.engine.study.SweepAxis;
import org.moeworkbench.engine.study.SweepListener;
import org.moeworkbench.engine.study.SweepPlan;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner;
import org.moeworkbench.engine.train.Trainer;
import org.moeworkbench.engine.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code moe sweep --config BASE --vary FIELD=V1,V2 [--vary FIELD=...] [--runs DIR]}: trains every
 * combination one after another into a study folder; running it again continues where it stopped.
 */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Train a study: the base config with one or two settings varied, one run per combination.",
            "Every combination is validated before the first run. Run the same command again to continue:",
            "completed runs are kept, a cancelled or killed run resumes from its last checkpoint.",
            "Show the results with: moe study DIR"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every run completed",
            "1:a run failed (the others ran)",
            "2:refused (invalid config or --vary, the folder holds another study)",
            "130:cancelled"
        })
public final class SweepCommand extends TrainingCommand {

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "base experiment config (JSON)")
    Path config;

    @Option(
            names = "--vary",
            paramLabel = "FIELD=V1,V2,...",
            description = {
                "a config field and its values, e.g. moe.placement=every2,last2,stage or "
                        + "moe.experts=4,8,16; once or twice (rows, then columns of the table).",
                "List values as one JSON array: moe.blocks=[[3,5],[4,5]]. seed=1,2,3 means --seeds 1,2,3"
            })
    List<String> vary = new ArrayList<>();

    @Option(
            names = "--seeds",
            paramLabel = "N|S1,S2,...",
            description = {
                "run every setting with several seeds: N seeds from the config's own (seed, seed+1, ...), or the"
                        + " seeds listed; moe study then reports mean ± std and n per setting"
            })
    String seeds;

    @Option(
            names = "--runs",
            paramLabel = "DIR",
            description = "the study folder (default: studies/<base config name>)")
    Path runs;

    @Option(names = "--retry-failed", description = "start a new run for settings whose run failed")
    boolean retryFailed;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = {
                "train the settings as Spark tasks on MASTER (local[2], spark://host:7077, ...), all at once as the"
                        + " cluster allows; needs the Spark build (java -jar spark/target/moe-spark.jar, or"
                        + " spark-submit) and a runs folder every worker sees"
            })
    String spark;

    @Option(names = "--plain", description = "plain progress lines even on a terminal")
    boolean plain;

    public SweepCommand() {
        this(Trainer::standard, System.out, System.err);
    }

    SweepCommand(Supplier<Trainer> trainers, PrintStream out, PrintStream err) {
        super(trainers, out, err);
    }

    @Override
    public Integer call() {
        SweepPlan plan;
        try {
            RunSpec base = RunSpec.read(config);
            List<SweepAxis> axes = new ArrayList<>();
            for (String spec : vary) {
                axes.add(SweepAxis.parse(spec));
            }
            plan = SweepPlan.of(base, axes, seeds == null ? List.of() : SweepPlan.parseSeeds(seeds, base.seed()));
        } catch (ConfigFileException | InvalidConfigException e) {
            err.println("invalid config: " + e.getMessage());
            return TrainCommand.REFUSED;
        } catch (InvalidSweepException e) {
            err.println("invalid sweep:");
            e.problems().forEach(p -> err.println("  " + p));
            return TrainCommand.REFUSED;
        }
        Path dir = runs != null ? runs : Path.of("studies", plan.base().name());
        out.println("study " + dir + ": " + plan.settings().size() + " runs ("
                + (plan.axes().isEmpty()
                        ? plan.base().name()
                        : String.join(
                                "; ", plan.axes().stream().map(Object::toString).toList()))
                + (plan.seeds().isEmpty() ? "" : ", seeds " + plan.seeds()) + ")");

        CancellationToken cancel = new CancellationToken();
        CtrlC ctrlC = new CtrlC(
                cancel, err, "stopping after the current step; run the same moe sweep again to continue...", "sweep");
        boolean terminal = System.console() != null && !plain;
        Printer printer = new Printer(terminal);
        try {
            Runners runners = new Runners(trainers.get(), new HardMoeRunner());
            Sweep sweep = new Sweep(dir, runners::of);
            Sweep.Result result;
            if (spark != null) {
                try (RunFarm farm = Farm.open(spark, "moe sweep " + dir)) {
                    out.println("training on " + farm.where());
                    result = sweep.runOn(farm, plan, printer, cancel, retryFailed);
                }
            } else {
                result = sweep.run(plan, printer, cancel, retryFailed);
            }
            printer.closeProgress();
            out.printf(
                    "%d of %d settings completed, %d failed%s; results: moe study %s%n",
                    result.completed(), result.total(), result.failed(), result.cancelled() ? ", cancelled" : "", dir);
            if (result.cancelled()) {
                return TrainCommand.CANCELLED;
            }
            return result.failed() > 0 ? 1 : 0;
        } catch (InvalidSweepException e) {
            err.println("refused:");
            e.problems().forEach(p -> err.println("  " + p));
            return TrainCommand.REFUSED;
        } catch (IllegalStateException e) {
            err.println("sweep failed: " + e.getMessage());
            return spark != null ? TrainCommand.REFUSED : 1;
        } catch (IOException | RuntimeException e) {
            err.println("sweep failed: " + e);
            return 1;
        } finally {
            printer.closeProgress();
            ctrlC.close();
        }
    }

    /** One line per setting, the run's progress as {@code moe train} shows it. */
    private final class Printer implements SweepListener {
        private final boolean terminal;
        private ConsoleProgress progress;

        Printer(boolean terminal) {
            this.terminal = terminal;
        }

        @Override
        public void setting(int index, int total, String setting, Action action, RunDirectory run) {
            String what = switch (action) {
                case NEW -> "training " + run.root();
                case RESUME -> "resuming " + run.root();
                case SKIP_COMPLETED -> "completed earlier: " + run.root();
                case SKIP_FAILED -> "failed earlier (kept; --retry-failed trains it again): " + run.root();
            };
            out.printf("[%d/%d] %s: %s%n", index + 1, total, setting, what);
        }

        @Override
        public TrainingListener training(RunDirectory run) {
            closeProgress();
            if (run.kind() == RunKind.HARD_MOE) {
                return new StageLines(out, 0);
            }
            progress =
                    new ConsoleProgress(out, terminal, run.config().training().logEverySteps());
            return progress;
        }

        @Override
        public void runEnded(int index, RunDirectory run, RunRunner.Ending outcome) {
            closeProgress();
            if (!outcome.message().isEmpty()) {
                out.println(outcome.status().json() + ": " + outcome.message());
            }
        }

        @Override
        public void queued(int index, int total, String setting, Path runDir, String where) {
            out.printf("[%d/%d] %s: queued as %s%n", index + 1, total, setting, runDir);
        }

        @Override
        public RunFarm.Listener farm(List<Integer> settingOfTask) {
            return new RunFarm.Listener() {
                @Override
                public void taskStarted(int index, int attempt, String where) {
                    out.printf(
                            "[%d] started on %s%s%n",
                            settingOfTask.get(index) + 1, where, attempt > 0 ? " (attempt " + (attempt + 1) + ")" : "");
                }

                @Override
                public void attemptLost(int index, int attempt, String reason) {
                    out.printf(
                            "[%d] attempt %d did not finish (%s); Spark retries it%n",
                            settingOfTask.get(index) + 1, attempt + 1, reason);
                }
            };
        }

        @Override
        public void farmedRunEnded(int index, Path runDir, RunRunner.Ending outcome) {
            out.printf(
                    "[%d] %s%s: %s%n",
                    index + 1,
                    outcome.status().json(),
                    Double.isNaN(outcome.accuracy()) ? "" : ", test " + Percent.text(outcome.accuracy()),
                    outcome.message().isEmpty() ? runDir.toString() : outcome.message());
        }

        void closeProgress() {
            if (progress != null) {
                progress.close();
                progress = null;
            }
        }
    }
}
