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
            AnalyzeCommand.class,
            HardMoeCommand.class,
        })
public final class MoeCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this rather than {@link #main}). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The CLI with the built-in subcommands and every {@link MoeCliExtension} on the class path. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MoeCli());
        for (MoeCliExtension extension : java.util.ServiceLoader.load(MoeCliExtension.class)) {
            if (!cli.getSubcommands().containsKey(extension.name())) {
                cli.addSubcommand(extension.name(), extension.command());
            }
        }
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MoeCli.class.getPackage().getImplementationVersion();
            return new String[] {"moe " + (v == null ? "(development build)" : v)};
        }
    }
}
