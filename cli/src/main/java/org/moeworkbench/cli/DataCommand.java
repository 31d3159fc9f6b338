package org.moeworkbench.cli;

import picocli.CommandLine.Command;

/** {@code moe data ...}: look at datasets and export the sample set. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Describe datasets and export the generated sample set.",
        subcommands = {DataDescribeCommand.class, DataExportSampleCommand.class})
public final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
