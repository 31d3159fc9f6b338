package org.moeworkbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.launch.Farm;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code moe hardmoe --config FILE [--runs DIR]} (one run directory per K of the config; they share the trunk)
 * and {@code moe hardmoe --resume RUN_DIR} (continues expert by expert): {@code moe train} of a hard-MoE spec, with the
 * results table of each K. Exit codes as {@code moe train}.
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
public final class HardMoeCommand extends ConsoleCommand {

    @Mixin
    TrainCommand.Target target = new TrainCommand.Target();

    @Option(
            names = "--step-lines",
            paramLabel = "N",
            defaultValue = "25",
            description = "print a progress line every N steps of a model (default: ${DEFAULT-VALUE}; 0 = none)")
    int stepLines;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = {
                "train the independent experts as Spark tasks on MASTER (one per expert) after the trunk and the"
                        + " clustering ran here; needs the Spark build (java -jar spark/target/moe-spark.jar) and a"
                        + " runs folder every worker sees"
            })
    String spark;

    public HardMoeCommand() {}

    HardMoeCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    /** {@code moe train} of a hard-MoE spec (refusing any other), with Gross et al.'s results table after each K. */
    @Override
    public Integer call() {
        try {
            if (target.source.resume != null && !RunDirectory.isHardMoe(target.source.resume)) {
                err.println("cannot resume: " + target.source.resume + " is not a hard-MoE run"
                        + (RunDirectory.isRun(target.source.resume) ? " (continue it with moe train --resume)" : ""));
                return TrainCommand.REFUSED;
            }
            if (target.source.config != null) {
                ConfigJson.read(target.source.config, HardMoeConfig.class); // refuses an experiment, naming the field
            }
        } catch (ConfigFileException | InvalidConfigException e) {
            err.println("invalid config: " + e.getMessage());
            return TrainCommand.REFUSED;
        }
        TrainCommand train = new TrainCommand(Trainer::standard, out, err);
        if (spark != null) {
            Farm farm;
            try {
                farm = Farm.open(spark, "moe hardmoe");
            } catch (IllegalStateException e) {
                err.println(e.getMessage());
                return TrainCommand.REFUSED;
            }
            out.println("experts train on " + farm.where());
            train.expertFarm = farm;
            try (farm) {
                return configured(train).call();
            }
        }
        return configured(train).call();
    }

    private TrainCommand configured(TrainCommand train) {
        train.target = target;
        train.plain = true;
        train.hardMoeStepLines = stepLines;
        train.afterRun = dir -> {
            try {
                HardMoeRun.open(dir).results().ifPresent(this::printResults);
            } catch (IOException e) {
                err.println("results.json of " + dir + " does not read: " + e.getMessage());
            }
        };
        return train;
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
