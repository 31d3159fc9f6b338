package org.moeworkbench.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * A command that prints on its own streams: System.out and System.err from the command line, captured ones in
 * tests.
 */
abstract class ConsoleCommand implements Callable<Integer> {
    final PrintStream out;
    final PrintStream err;

    /** On System.out and System.err. */
    ConsoleCommand() {
        this(System.out, System.err);
    }

    ConsoleCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }
}
