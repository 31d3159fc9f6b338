package org.moeworkbench.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code moe} commands in tests. */
final class CliHarness {
    private CliHarness() {}

    /** Exit code, standard output and standard error of one command, through picocli's writers. */
    static String[] execute(String... args) {
        CommandLine cli = MoeCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    /**
     * Captures {@code System.out} and {@code System.err} (commands that print there) and points the dataset cache at a
     * test folder, until closed.
     */
    static final class Console implements AutoCloseable {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final PrintStream oldOut = System.out;
        private final PrintStream oldErr = System.err;

        Console(Path cacheDir) {
            System.setProperty("moe.cacheDir", cacheDir.toString());
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.clearProperty("moe.cacheDir");
        }
    }
}
