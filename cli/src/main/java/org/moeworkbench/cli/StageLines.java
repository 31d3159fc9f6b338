package org.moeworkbench.cli;

import java.io.PrintStream;
import org.moeworkbench.engine.train.TrainingListener;

/** Progress lines of a hard MoE's stages and models ({@code moe hardmoe}, {@code moe train} of a hard-MoE spec); called from several expert threads. */
final class StageLines implements TrainingListener {
    private final PrintStream out;
    private final int stepLines;

    /** @param stepLines a line every this many steps of a model; 0: none */
    StageLines(PrintStream out, int stepLines) {
        this.out = out;
        this.stepLines = stepLines;
    }

    @Override
    public synchronized void stage(Stage stage, String detail) {
        out.println("== " + stage.label() + ": " + detail);
    }

    @Override
    public synchronized void modelStep(String model, int epoch, int batch, int batches, double loss) {
        if (stepLines > 0 && batch % stepLines == 0) {
            out.printf("  %s epoch %d batch %d/%d loss %.4f%n", model, epoch, batch, batches, loss);
        }
    }

    @Override
    public synchronized void modelEpoch(
            String model, int epoch, int maxEpochs, double trainLoss, Double validationLoss, boolean best) {
        out.printf(
                "  %s epoch %d/%d train loss %.4f validation loss %s%s%n",
                model,
                epoch,
                maxEpochs,
                trainLoss,
                validationLoss == null ? "-" : String.format("%.4f", validationLoss),
                best ? " (best)" : "");
    }

    @Override
    public synchronized void expertFinished(ExpertEvent s) {
        out.printf(
                "  %s %s (%d train images, %d epochs, %.1f s) - %d/%d experts done%n",
                s.expert(), s.status(), s.trainImages(), s.epochs(), s.seconds(), s.done(), s.total());
    }

    @Override
    public synchronized void info(String text) {
        out.println("  " + text);
    }
}
