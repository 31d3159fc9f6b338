package org.moeworkbench.cli;

import java.io.PrintStream;
import java.util.function.Supplier;
import org.moeworkbench.engine.train.Trainer;

/** A command that trains dense and sparse runs with a trainer of its caller's choosing (tests pass a fake network). */
abstract class TrainingCommand extends ConsoleCommand {
    final Supplier<Trainer> trainers;

    TrainingCommand(Supplier<Trainer> trainers, PrintStream out, PrintStream err) {
        super(out, err);
        this.trainers = trainers;
    }
}
