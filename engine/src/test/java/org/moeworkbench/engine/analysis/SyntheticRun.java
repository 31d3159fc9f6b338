package org.moeworkbench.engine.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Router;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.model.Network.RoutingSnapshot;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RoutingStore;
import org.moeworkbench.engine.run.RunDirectory;

/**
 * Writes a run directory with made-up metrics and routing in the real file formats (RunDirectory,
 * RoutingStore, MetricsLog), for tests and the analysis benchmark: no training needed. Routing is seeded;
 * each image prefers a few experts (depending on its class) so the statistics are not uniform.
 */
public final class SyntheticRun {

    /**
     * @param images         analysis images
     * @param tokensPerImage patches per image (a square number for the patch figures)
     * @param moeLayers      MoE layers (blocks 4, 5, ...)
     * @param experts        E (0: a dense run with no routing)
     * @param k              choices per token
     * @param classes        label classes
     * @param accuracy       test accuracy to record
     * @param params         params in model.json
     * @param paramsActive   active params in model.json
     * @param seed           routing seed
     */
    public record Spec(
            int images,
            int tokensPerImage,
            int moeLayers,
            int experts,
            int k,
            int classes,
            double accuracy,
            long params,
            long paramsActive,
            long seed) {

        public static Spec small(int experts) {
            return new Spec(40, 16, 2, experts, 1, 10, 0.5, 1_000_000, 600_000, 1);
        }
    }

    private SyntheticRun() {}

    public static Path write(Path root, Spec spec) throws IOException {
        ExperimentConfig base = ExperimentConfig.defaultSample();
        MoeConfig moe = spec.experts() == 0
                ? MoeConfig.dense()
                : new MoeConfig(
                        spec.experts(),
                        spec.k(),
                        Placement.LAST2,
                        List.of(),
                        Router.LINEAR,
                        32,
                        4.0,
                        0.0,
                        0.01,
                        0.0,
                        false,
                        0.05);
        ExperimentConfig config = new ExperimentConfig(
                root.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "-"),
                base.seed(),
                base.data(),
                base.augment(),
                base.model(),
                moe,
                base.training());
        RunDirectory run = RunDirectory.create(root, config);
        run.writeModel(new ModelSummary(spec.params(), spec.paramsActive(), 1_000_000, List.of()));
        try (MetricsLog log = run.metrics()) {
            for (int step = 1; step <= 10; step++) {
                ObjectNode line = MetricsLog.line("step");
                line.put("epoch", (step + 4) / 5)
                        .put("step", step)
                        .put("loss", 2.3 / step)
                        .put("taskLoss", 2.2 / step)
                        .put("auxLoss", spec.experts() == 0 ? 0 : 0.1 / step)
                        .put("learningRate", 1e-3)
                        .put("imagesPerSecond", 100);
                log.append(line);
                if (step % 5 == 0) {
                    ObjectNode epoch = MetricsLog.line("epoch");
                    epoch.put("epoch", step / 5)
                            .put("step", step)
                            .put("trainLoss", 2.0 / step)
                            .put("validationLoss", 2.1 / step)
                            .put("validationAccuracy", spec.accuracy() * step / 10);
                    log.append(epoch);
                }
            }
            ObjectNode test = MetricsLog.line("test");
            test.put("epoch", 2).put("step", 10).put("testLoss", 0.3).put("testAccuracy", spec.accuracy());
            log.append(test);
        }
        SplittableRandom random = new SplittableRandom(spec.seed());
        int[] indices = new int[spec.images()];
        int[] labels = new int[spec.images()];
        for (int i = 0; i < spec.images(); i++) {
            indices[i] = i;
            labels[i] = random.nextInt(spec.classes());
        }
        RoutingStore store = run.routing();
        store.writeAnalysis(new RoutingStore.AnalysisSubset("test", config.seed(), indices, labels));
        if (spec.experts() == 0) {
            return root;
        }
        List<RoutingSnapshot> layers = new ArrayList<>();
        for (int l = 0; l < spec.moeLayers(); l++) {
            int rows = spec.images() * spec.tokensPerImage();
            int[][] experts = new int[rows][spec.k()];
            float[][] gates = new float[rows][spec.k()];
            boolean[][] dropped = new boolean[rows][spec.k()];
            for (int x = 0; x < spec.images(); x++) {
                int favourite = (labels[x] + l) % spec.experts();
                for (int t = 0; t < spec.tokensPerImage(); t++) {
                    int r = x * spec.tokensPerImage() + t;
                    int first = random.nextInt(3) > 0 ? favourite : random.nextInt(spec.experts());
                    for (int j = 0; j < spec.k(); j++) {
                        experts[r][j] = j == 0 ? first : (first + j) % spec.experts();
                        gates[r][j] = 1f / spec.k();
                        dropped[r][j] = random.nextInt(50) == 0;
                    }
                }
            }
            layers.add(new RoutingSnapshot(4 + l, spec.tokensPerImage(), 0, experts, gates, dropped));
        }
        store.write(2, true, spec.images(), spec.experts(), layers);
        return root;
    }
}
