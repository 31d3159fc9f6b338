package org.moeworkbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code moe} command-line tool ({@code java -jar cli/target/moe.jar}, the installer's {@code moe} launcher).
 * Each subcommand is a class of its own in this package. Headless: the module holds no JavaFX, and AWT (which
 * renders the figures) is told so unless {@code -Djava.awt.headless=false} is given.
 */
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
            SweepCommand.class,
            StudyCommand.class,
            AnalyzeCommand.class,
            HardMoeCommand.class,
            FiguresCommand.class,
            ExportCommand.class,
            CompareRoutingCommand.class,
            WhatIfCommand.class,
        })
public final class MoeCli {

    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this rather than {@link #main}). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The CLI with its subcommands. */
    public static CommandLine commandLine() {
        // 100 columns, or the terminal's width: at picocli's 80 the long summaries broke inside file names
        // ("docs/formats. md")
        return new CommandLine(new MoeCli()).setUsageHelpWidth(100).setUsageHelpAutoWidth(true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MoeCli.class.getPackage().getImplementationVersion();
            return new String[] {"moe " + (v == null ? "(development build)" : v)};
        }
    }
}
