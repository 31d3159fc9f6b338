package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code moe --help} lists each command by the first line of its description: it must be a whole sentence. */
class HelpTextTest {
    @Test
    void everyCommandSummaryInMoeHelpIsAWholeSentence() {
        for (Map.Entry<String, CommandLine> command :
                MoeCli.commandLine().getSubcommands().entrySet()) {
            String[] description =
                    command.getValue().getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0, command.getKey() + " has a description");
            String summary = description[0].strip();
            assertTrue(summary.endsWith("."), command.getKey() + ": summary \"" + summary + "\" stops mid-sentence");
        }
    }

    /** picocli 4.7.6 listed the options of an argument group from a mixin twice (remkop/picocli#2309). */
    @Test
    void eachOptionOfTrainAndHardmoeIsListedOnce() {
        for (String command : java.util.List.of("train", "hardmoe")) {
            String[] help = CliHarness.execute(command, "--help");
            for (String option : java.util.List.of("--config=FILE", "--resume=RUN_DIR")) {
                String listed = "\n      " + option + "   "; // a line of the option list, not the synopsis
                int first = help[1].indexOf(listed);
                assertTrue(first >= 0, command + " --help lists " + option + ":\n" + help[1]);
                assertTrue(
                        help[1].indexOf(listed, first + 1) < 0,
                        command + " --help lists " + option + " twice:\n" + help[1]);
            }
        }
    }
}
