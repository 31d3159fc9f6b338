package org.moeworkbench.engine.cli;

import picocli.CommandLine;

/**
 * A subcommand contributed by a module the engine cannot depend on (e.g. {@code moe figures} from the plots
 * module). Implementations are found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/org.moeworkbench.engine.cli.MoeCliExtension} file), so the command appears
 * whenever that module is on the class path: {@code java -jar plots/target/moe-plots.jar} and the
 * installer's {@code moe} launcher.
 */
public interface MoeCliExtension {

    /** The subcommand's name, e.g. "figures". */
    String name();

    /** A new picocli command object (annotated with {@code @Command}). */
    Object command();
}
