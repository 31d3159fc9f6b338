package org.moeworkbench.engine.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The scale target of the analysis: a run with 10,000 analysis images x 64 tokens x 4 MoE layers (E = 16,
 * k = 2 by default) analysed in under 2 s. Writes a synthetic run to a temporary folder, then times
 * {@link RunAnalysis#of} (read + every statistic) and the JSON. Not a test (no timed tests):
 * {@code java -cp engine/target/test-classes:cli/target/moe.jar org.moeworkbench.engine.analysis.AnalysisBenchmark
 * [images tokens layers experts k]}.
 */
public final class AnalysisBenchmark {
    private AnalysisBenchmark() {}

    public static void main(String[] args) throws IOException {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int layers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int experts = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int k = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Path dir = Files.createTempDirectory("moe-analysis-bench");
        Path run = dir.resolve("bench-run");
        long t0 = System.nanoTime();
        SyntheticRun.write(run, new SyntheticRun.Spec(images, tokens, layers, experts, k, 1000, 0.5, 1, 1, 3));
        System.out.printf(
                Locale.ROOT,
                "wrote %d images x %d tokens x %d layers (E=%d, k=%d) in %.2f s%n",
                images,
                tokens,
                layers,
                experts,
                k,
                (System.nanoTime() - t0) / 1e9);
        for (int round = 1; round <= 3; round++) {
            long start = System.nanoTime();
            RunSummary summary = RunSummary.read(run);
            TrainingCurves curves = TrainingCurves.read(run.resolve("metrics.jsonl"));
            long read = System.nanoTime();
            RoutingData routing =
                    RoutingData.read(new org.moeworkbench.engine.run.RoutingStore(run.resolve("routing")), "final");
            long routed = System.nanoTime();
            RunAnalysis analysis = RunAnalysis.of(summary, curves, routing, "final");
            long analysed = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "  config/model/metrics %.3f s, routing read %.3f s, statistics %.3f s%n",
                    (read - start) / 1e9,
                    (routed - read) / 1e9,
                    (analysed - routed) / 1e9);
            String json = AnalysisJson.write(analysis);
            long end = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "round %d: analysis %.3f s, JSON %.3f s (%,d chars), total %.3f s%n",
                    round,
                    (analysed - start) / 1e9,
                    (end - analysed) / 1e9,
                    json.length(),
                    (end - start) / 1e9);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
