package org.moeworkbench.plots;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jfree.chart.JFreeChart;
import org.moeworkbench.engine.analysis.MoeGain;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.RunKind;

/**
 * "Figures stay interactive with 500 runs": times building and drawing the across-run figures for N
 * made-up runs (a redraw of the JavaFX node is one chart draw). Not a test:
 * {@code java -cp plots/target/test-classes:engine/target/test-classes:cli/target/moe.jar org.moeworkbench.plots.FigureBenchmark [runs]}.
 */
public final class FigureBenchmark {
    private FigureBenchmark() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        SplittableRandom random = new SplittableRandom(1);
        List<RunSummary> runs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int backbone = random.nextInt(10);
            boolean dense = random.nextInt(3) == 0;
            long params = (long) (1e6 * (1 + backbone) * (dense ? 1 : 1 + random.nextInt(8)));
            long active = dense ? params : (long) (1e6 * (1 + backbone) * 1.1);
            runs.add(RunPoints.point(
                    String.format("run-%04d", i),
                    dense ? RunKind.DENSE : RunKind.SPARSE_MOE,
                    "b" + backbone,
                    dense ? 0 : 4,
                    params,
                    active,
                    0.5 + 0.04 * backbone + random.nextDouble() * 0.05));
        }
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            Figure pareto = ComparisonFigures.pareto(
                    runs, ParetoFront.Cost.PARAMS_ACTIVE, PaperOverlay.sweetSpotFigure2("ImageNet-21k"));
            Figure gain = ComparisonFigures.moeGain(MoeGain.of(runs), true);
            long t1 = System.nanoTime();
            JFreeChart chart = FigureCharts.chart(pareto);
            JFreeChart gainChart = FigureCharts.chart(gain);
            long t2 = System.nanoTime();
            chart.createBufferedImage(1200, 800);
            long t3 = System.nanoTime();
            gainChart.createBufferedImage(1200, 800);
            long t4 = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "round %d, %d runs: figures %.0f ms, charts %.0f ms, draw pareto %.0f ms, "
                            + "draw gain %.0f ms (%d gain points)%n",
                    round,
                    count,
                    (t1 - t0) / 1e6,
                    (t2 - t1) / 1e6,
                    (t3 - t2) / 1e6,
                    (t4 - t3) / 1e6,
                    gain.series().get(0).y().length);
        }
    }
}
