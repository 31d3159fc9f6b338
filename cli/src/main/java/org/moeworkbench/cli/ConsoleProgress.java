package org.moeworkbench.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.moeworkbench.engine.analysis.Percent;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * Prints training progress: a progress bar with ETA on a terminal, plain lines otherwise (a pipe, a log
 * file, a CI job). Epoch summaries and the outcome are plain lines on {@code out} in both modes.
 */
final class ConsoleProgress implements TrainingListener, AutoCloseable {
    private final PrintStream out;
    private final boolean terminal;
    private final int logEverySteps;
    private ProgressBar bar;
    private RunStarted run;
    private long startNanos;

    ConsoleProgress(PrintStream out, boolean terminal, int logEverySteps) {
        this.out = out;
        this.terminal = terminal;
        this.logEverySteps = logEverySteps;
    }

    private Runnable onRunStarted = () -> {};

    /** Runs {@code action} when the trainer reports that the run has started (before its first step). */
    ConsoleProgress onRunStarted(Runnable action) {
        onRunStarted = action;
        return this;
    }

    @Override
    public void runStarted(RunStarted event) {
        onRunStarted.run();
        run = event;
        startNanos = System.nanoTime();
        out.printf(
                Locale.ROOT,
                "run %s: %d epochs x %d steps, %,d params (%,d active per image)%s%n",
                event.runId(),
                event.epochs(),
                event.stepsPerEpoch(),
                event.params(),
                event.paramsActive(),
                event.firstStep() > 0 ? ", resuming at step " + event.firstStep() : "");
        if (terminal) {
            bar = new ProgressBarBuilder()
                    .setTaskName("train")
                    .setInitialMax(event.totalSteps())
                    .startsFrom(event.firstStep(), Duration.ZERO)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(500)
                    .showSpeed()
                    .setUnit(" steps", 1)
                    .build();
        }
    }

    @Override
    public void step(StepEvent e) {
        if (bar != null) {
            bar.stepTo(e.globalStep());
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f lr %.2e", e.loss(), e.learningRate()));
        } else if (e.globalStep() % logEverySteps == 0) {
            out.printf(
                    Locale.ROOT,
                    "epoch %d/%d step %d/%d loss %.4f aux %.4f lr %.3e %.0f img/s ETA %s%n",
                    e.epoch(),
                    run.epochs(),
                    e.globalStep(),
                    run.totalSteps(),
                    e.loss(),
                    e.auxLoss(),
                    e.learningRate(),
                    e.imagesPerSecond(),
                    eta(e.globalStep()));
        }
    }

    private String eta(long step) {
        long done = step - run.firstStep();
        if (done <= 0) {
            return "?";
        }
        double perStep = (System.nanoTime() - startNanos) / 1e9 / done;
        long seconds = Math.round(perStep * (run.totalSteps() - step));
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }

    private void line(String text) {
        if (bar != null) {
            // clear the bar's line; it redraws itself on the next update
            out.print("\r\033[2K");
        }
        out.println(text);
    }

    @Override
    public void epochEnd(EpochEvent e) {
        line(String.format(
                Locale.ROOT,
                "epoch %d/%d: train loss %.4f (aux %.4f), validation loss %.4f accuracy %s, %.0f img/s%s",
                e.epoch(),
                run.epochs(),
                e.trainLoss(),
                e.trainAuxLoss(),
                e.validationLoss(),
                Percent.text(e.validationAccuracy()),
                e.imagesPerSecond(),
                e.best() ? " (best)" : ""));
    }

    @Override
    public void routingWritten(int epoch, Path header) {
        if (bar == null) {
            out.println("routing snapshot: " + header);
        }
    }

    @Override
    public void finished(TestEvent e) {
        closeBar();
        out.printf(
                Locale.ROOT,
                "test loss %.4f accuracy %s (best validation %s after epoch %d)%n",
                e.testLoss(),
                Percent.text(e.testAccuracy()),
                Percent.text(e.bestValidationAccuracy()),
                e.bestEpoch());
    }

    @Override
    public void cancelled(long globalStep) {
        closeBar(); // the command prints the run's ending, which names the step and how to resume
    }

    @Override
    public void failed(String message) {
        closeBar();
    }

    @Override
    public void warning(String message) {
        out.println("warning: " + message);
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void close() {
        closeBar();
    }
}
