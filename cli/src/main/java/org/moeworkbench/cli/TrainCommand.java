package org.moeworkbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.hardmoe.HardMoeRunner;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunLock;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.run.RunStore;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.MemoryCap;
import org.moeworkbench.engine.train.ResourceCheck;
import org.moeworkbench.engine.train.RunRunner;
import org.moeworkbench.engine.train.Trainer;
import org.moeworkbench.engine.train.TrainingListener;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code moe train --config FILE [--runs DIR]} and {@code moe train --resume RUN_DIR}, for runs of every kind (a
 * hard-MoE spec trains one run per K, as {@code moe hardmoe} does). Exit codes: 0 completed,
 * 1 failed, 2 refused (invalid config, not a resumable run), 130 cancelled (Ctrl-C).
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a model into a new run directory, or continue one.",
            "Ctrl-C stops after the current step; the run is marked cancelled and --resume continues it."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:completed",
            "1:failed (NaN loss, an error)",
            "2:refused (invalid config, bad run dir, run written by another process)",
            "130:cancelled"
        })
public final class TrainCommand extends TrainingCommand {
    static final int REFUSED = 2;
    static final int CANCELLED = 130;

    /** What to train and where: {@code moe train} and {@code moe hardmoe} share these options. */
    static final class Target {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(
                names = "--runs",
                paramLabel = "DIR",
                defaultValue = "runs",
                description = "folder for new runs (default: ${DEFAULT-VALUE})")
        Path runs;
    }

    static final class Source {
        @Option(
                names = "--config",
                paramLabel = "FILE",
                required = true,
                description = "run spec (JSON): an experiment, or a hard MoE (one run per K)")
        Path config;

        @Option(
                names = "--resume",
                paramLabel = "RUN_DIR",
                required = true,
                description =
                        "continue this run from what it has written (its last checkpoint, the experts trained so far)")
        Path resume;
    }

    @Mixin
    Target target = new Target();

    @Option(names = "--plain", description = "plain progress lines even on a terminal")
    boolean plain;

    /** A hard MoE's progress: a line every this many steps of each model ({@code moe hardmoe --step-lines}). */
    int hardMoeStepLines = 25;

    /** Told each run directory that completed ({@code moe hardmoe} prints its results table). */
    java.util.function.Consumer<Path> afterRun = dir -> {};

    /** Where a hard MoE's experts train: null here; {@code moe hardmoe --spark} sets a farm. */
    org.moeworkbench.engine.hardmoe.ExpertFarm expertFarm;

    /** The CLI's command: the engine's networks and datasets. */
    public TrainCommand() {
        this(Trainer::standard);
    }

    public TrainCommand(Supplier<Trainer> trainers) {
        this(trainers, System.out, System.err);
    }

    TrainCommand(Supplier<Trainer> trainers, PrintStream out, PrintStream err) {
        super(trainers, out, err);
    }

    @Override
    public Integer call() {
        RunDirectory run;
        RunSpec spec;
        try {
            if (target.source.resume != null) {
                run = RunDirectory.open(target.source.resume);
                spec = run.spec();
                if (run.hasProvenance() && run.provenance().status() == RunStatus.COMPLETED) {
                    err.println(run.root() + " has already completed; there is nothing to resume");
                    return REFUSED;
                }
            } else {
                spec = RunSpec.read(target.source.config);
                run = null;
            }
            ResourceCheck.require(spec.backbone(), MemoryCap.fromEnvironment());
        } catch (ConfigFileException | InvalidConfigException e) {
            err.println("invalid config: " + e.getMessage());
            return REFUSED;
        } catch (IOException e) {
            err.println("cannot resume: " + e.getMessage());
            return REFUSED;
        }
        CancellationToken cancel = new CancellationToken();
        RunDirectory created = null;
        CtrlC ctrlC = new CtrlC(cancel, err, "stopping after the current step...", "train");
        boolean terminal = System.console() != null && !plain;
        ctrlC.exitAtOnceUntilWorkStarts(() -> {});
        try (ConsoleProgress progress =
                new ConsoleProgress(out, terminal, spec.training().logEverySteps()).onRunStarted(ctrlC::workStarted)) {
            Runners runners = new Runners(trainers.get(), new HardMoeRunner(expertFarm));
            int code = 0;
            // a hard MoE with several K makes one run per K; the later ones copy the first one's trunk
            for (RunSpec one : run == null ? spec.perRun() : List.of(spec)) {
                RunDirectory dir = run;
                if (dir == null) {
                    dir = new RunStore(target.runs).create(one, Instant.now());
                    created = dir;
                    RunDirectory made = dir;
                    ctrlC.exitAtOnceUntilWorkStarts(() -> {
                        if (removeIfEmpty(made)) {
                            err.println("the new run directory " + made.root().getFileName() + " was removed");
                        }
                    });
                }
                out.println("run directory: " + dir.root());
                TrainingListener listener = progress;
                if (one.kind() == RunKind.HARD_MOE) {
                    ctrlC.workStarted(); // its stages report as they go; there is no first step to wait for
                    listener = new StageLines(out, hardMoeStepLines);
                }
                RunRunner.Ending ending = runners.of(one.kind()).train(dir.root(), listener, cancel);
                created = null;
                switch (ending.status()) {
                    case COMPLETED -> {
                        if (one.kind() == RunKind.HARD_MOE) {
                            out.println("completed: " + ending.message());
                        }
                        afterRun.accept(dir.root());
                    }
                    case CANCELLED -> {
                        out.println(ending.message());
                        return CANCELLED;
                    }
                    default -> {
                        err.println("run failed: " + ending.message());
                        code = 1;
                    }
                }
            }
            return code;
        } catch (RunLock.RunLockedException e) {
            err.println("refused: " + e.getMessage());
            return REFUSED;
        } catch (IOException | RuntimeException e) {
            err.println("run failed: "
                    + (e instanceof IOException || e instanceof IllegalArgumentException
                            ? e.getMessage()
                            : e.toString())
                    + removedIfEmpty(created));
            return 1;
        } finally {
            ctrlC.close();
        }
    }

    /** " (nothing was trained; the new run directory X was removed)" if {@link #removeIfEmpty} removed it. */
    private static String removedIfEmpty(RunDirectory created) {
        return created != null && removeIfEmpty(created)
                ? " (nothing was trained; the new run directory "
                        + created.root().getFileName() + " was removed)"
                : "";
    }

    /**
     * Removes a run directory this command made if nothing but its config is in it (a dataset that does not read,
     * Ctrl-C before the first step), so that runs folders do not fill with runs of unknown status and no params.
     */
    private static boolean removeIfEmpty(RunDirectory created) {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(created.root())) {
            java.util.Set<String> names = new java.util.HashSet<>();
            files.forEach(f -> names.add(f.getFileName().toString()));
            names.remove(RunDirectory.CONFIG);
            names.remove(RunLock.FILE);
            if (!names.isEmpty()) {
                return false;
            }
            java.nio.file.Files.deleteIfExists(created.root().resolve(RunLock.FILE));
            java.nio.file.Files.deleteIfExists(created.root().resolve(RunDirectory.CONFIG));
            java.nio.file.Files.deleteIfExists(created.root());
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
