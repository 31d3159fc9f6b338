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
}
