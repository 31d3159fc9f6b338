package org.moeworkbench.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code moe} command-line tool. Each subcommand is a class of its own in this package. */
@Command(
        name = "moe",
        mixinStandardHelpOptions = true,
        versionProvider = MoeCli.Version.class,
        description = "MoE Workbench: build, train and inspect Mixture-of-Experts image classifiers.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DataCommand.class,
            TrainCommand.class,
            DescribeCommand.class,
            BenchCommand.class,
            HardMoeCommand.class,
        })
public final class MoeCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this rather than {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new MoeCli()).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MoeCli.class.getPackage().getImplementationVersion();
            return new String[] {"moe " + (v == null ? "(development build)" : v)};
        }
    }
}
