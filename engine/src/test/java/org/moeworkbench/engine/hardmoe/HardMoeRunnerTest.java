package org.moeworkbench.engine.hardmoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.AugmentConfig;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.Pooling;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * The whole pipeline on a tiny IDX dataset whose images are copies of three patterns: the trunk's features
 * take three distinct values, so K = 5 leaves two clusters empty.
 */
class HardMoeRunnerTest {
    @TempDir
    static Path data;

    @BeforeAll
    static void writeData() throws IOException {
        writeIdx(data, "train", 60);
        writeIdx(data, "t10k", 15);
    }

    static void writeIdx(Path dir, String prefix, int count) throws IOException {
        ByteArrayOutputStream images = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(images);
        out.writeInt(0x803);
        out.writeInt(count);
        out.writeInt(8);
        out.writeInt(8);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int pattern = i % 3;
            labels[i] = pattern;
            for (int p = 0; p < 64; p++) {
                out.write(pattern == 0 ? (p < 32 ? 250 : 0) : pattern == 1 ? (p % 8 < 4 ? 250 : 0) : (p * 4) & 0xFF);
            }
        }
        ByteArrayOutputStream labelBytes = new ByteArrayOutputStream();
        DataOutputStream l = new DataOutputStream(labelBytes);
        l.writeInt(0x801);
        l.writeInt(count);
        for (int v : labels) {
            l.write(v);
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.toByteArray());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labelBytes.toByteArray());
    }

    static HardMoeConfig config(int threads) {
        return config(threads, 2);
    }

    static HardMoeConfig config(int threads, int ensemble) {
        DataConfig d = new DataConfig(data.toString(), "idx", 8, 10, 7, 0.2, Task.CLASSES, Sampling.UNIFORM, false);
        ModelConfig m = new ModelConfig(
                "custom", Family.CONVNEXT_ISOTROPIC, List.of(1), List.of(8), 4, 0, 2.0, 3, Pooling.MEAN, 1e-6);
        TrainingConfig t = new TrainingConfig(Optimizer.ADAMW, 3e-3, 0.0, 0.9, 2, 16, 0.0, 0.0, 0.0, 10, false, 0);
        return new HardMoeConfig(
                "tiny",
                5,
                d,
                AugmentConfig.none(),
                m,
                t,
                256,
                List.of(5),
                50,
                "trunk",
                "independent",
                2,
                1e-3,
                1,
                ensemble,
                HardMoeConfig.EXACT_Q,
                threads,
                "global",
                0,
                0);
    }

    @Test
    void bothKindsTrainThroughTheOneRunnerInterface(@TempDir Path runs) throws IOException {
        HardMoeConfig hard = config(1, 0);
        Path hardDir = HardMoeRunner.create(runs, hard, 5, Instant.now());
        Path sparseDir = new org.moeworkbench.engine.run.RunStore(runs)
                .create(hard.backbone(), Instant.now())
                .root();
        java.util.Map<Path, RunRunner> byDirectory = new java.util.LinkedHashMap<>();
        byDirectory.put(hardDir, new HardMoeRunner());
        byDirectory.put(sparseDir, org.moeworkbench.engine.train.Trainer.standard());
        for (var entry : byDirectory.entrySet()) {
            RunRunner.Ending ending =
                    entry.getValue().train(entry.getKey(), TrainingListener.NONE, new CancellationToken());
            assertEquals(RunStatus.COMPLETED, ending.status(), ending.message());
            assertTrue(ending.accuracy() >= 0 && ending.accuracy() <= 1, "accuracy " + ending.accuracy());
        }
        double p1 = HardMoeRun.open(hardDir)
                .results()
                .orElseThrow()
                .get(HardMoeRun.MODEL_MOE)
                .p1();
        assertEquals(
                p1 / 100,
                new HardMoeRunner()
                        .train(hardDir, TrainingListener.NONE, new CancellationToken())
                        .accuracy(),
                1e-12,
                "a completed hard MoE reports its mixture's p@1 again");
    }

    @Test
    void runsEndToEndSkipsEmptyClustersAndIsRepeatable(@TempDir Path runs, @TempDir Path otherRuns) throws IOException {
        HardMoeConfig config = config(2);
        Path dir = HardMoeRunner.create(runs, config, 5, Instant.now());
        List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        HardMoeRunner.Outcome outcome = new HardMoeRunner()
                .run(
                        dir,
                        new TrainingListener() {
                            @Override
                            public void info(String text) {
                                messages.add(text);
                            }
                        },
                        new CancellationToken());
        assertEquals(RunStatus.COMPLETED, outcome.status(), outcome.message());

        HardMoeRun run = HardMoeRun.open(dir);
        assertEquals(RunStatus.COMPLETED, run.status());
        assertEquals(5, run.k());
        int[] sizes = run.clusterSizes().orElseThrow();
        assertEquals(5, sizes.length);
        assertEquals(
                run.trainAssignments().orElseThrow().length,
                java.util.Arrays.stream(sizes).sum());
        long empty = java.util.Arrays.stream(sizes).filter(s -> s == 0).count();
        assertEquals(2, empty, "three distinct images give three clusters: " + java.util.Arrays.toString(sizes));
        List<HardMoeRun.ExpertState> experts = run.experts();
        assertEquals(5, experts.size());
        for (HardMoeRun.ExpertState s : experts) {
            if (sizes[s.expert()] == 0) {
                assertEquals(HardMoeRun.ExpertState.SKIPPED_EMPTY, s.status());
                assertNull(run.centroids().orElseThrow()[s.expert()]);
                assertTrue(s.message().contains("no training image"), s.message());
            } else {
                assertEquals(HardMoeRun.ExpertState.TRAINED, s.status());
                assertTrue(Files.isRegularFile(run.expertDir(s.expert()).resolve(s.checkpoint())));
            }
        }
        assertTrue(messages.stream().anyMatch(m -> m.contains("skipped")), messages.toString());
        for (int c : run.testAssignments().orElseThrow()) {
            assertTrue(sizes[c] > 0, "no test image is routed to an empty cluster");
        }

        Map<String, HardMoeRun.ModelResult> results = run.results().orElseThrow();
        assertEquals(java.util.Set.of("trunk", "moe", "oracle", "ensemble"), results.keySet());
        for (HardMoeRun.ModelResult r : results.values()) {
            assertNotNull(r.testLoss());
            assertNotNull(r.q10());
            assertNotNull(r.p1());
        }
        assertEquals(1.0, results.get("trunk").inferenceCostRelative());
        assertEquals(
                3 * results.get("trunk").params() + results.get("trunk").params(),
                results.get("moe").params(),
                "trunk + three experts");
        assertEquals(10, run.perTag().orElseThrow().size());
        assertEquals(1.0, run.perTag().orElseThrow().get(0).sparsity(), 1e-12, "class 0 is all in one cluster");
        var counts = run.tagClusterCounts().orElseThrow();
        assertEquals(10, counts.counts().length);
        assertEquals(5, counts.clusters());
        assertTrue(run.metrics("trunk").size() >= 1);
        assertTrue(run.metrics("ensemble-01").size() >= 1);

        // every number of results.json recomputes from test-scores/ (the stored predictions and targets)
        TestScores stored = TestScores.read(dir);
        int[][] tags = stored.tags(dir);
        assertEquals(stored.images(), run.testAssignments().orElseThrow().length);
        for (var entry : results.entrySet()) {
            double[][] scores = stored.scores(dir, entry.getKey());
            HardMoeRun.ModelResult r = entry.getValue();
            assertEquals(r.p1(), TagMetrics.pAtM(scores, tags, 1), entry.getKey() + " p@1");
            assertEquals(r.p5(), TagMetrics.pAtM(scores, tags, 5), entry.getKey() + " p@5");
            assertEquals(r.q1(), TagMetrics.qAtM(scores, tags, stored.vocabulary(), 1), entry.getKey() + " q@1");
            assertEquals(r.q10(), TagMetrics.qAtM(scores, tags, stored.vocabulary(), 10), entry.getKey() + " q@10");
            assertEquals(r.testLoss(), TagMetrics.uniformLoss(scores, tags), entry.getKey() + " loss");
        }

        // the same config in another folder (no trunk to copy) gives the same run
        Path again = HardMoeRunner.create(otherRuns, config, 5, Instant.now());
        assertCompletes(again);
        HardMoeRun second = HardMoeRun.open(again);
        assertArrayEquals(
                run.trainAssignments().orElseThrow(), second.trainAssignments().orElseThrow());
        assertArrayEquals(
                run.testAssignments().orElseThrow(), second.testAssignments().orElseThrow());
        assertEquals(
                Files.readString(dir.resolve(HardMoeRun.PER_TAG)), Files.readString(again.resolve(HardMoeRun.PER_TAG)));
        HardMoeRun.ModelResult a = results.get("moe");
        HardMoeRun.ModelResult b = second.results().orElseThrow().get("moe");
        assertEquals(a.testLoss(), b.testLoss());
        assertEquals(a.q10(), b.q10());
        assertEquals(a.p5(), b.p5());
    }

    private static void assertCompletes(Path runDir) throws IOException {
        HardMoeRunner.Outcome outcome = new HardMoeRunner().run(runDir, TrainingListener.NONE, new CancellationToken());
        assertEquals(RunStatus.COMPLETED, outcome.status(), outcome.message());
    }

    /** A listener that calls {@code action} each time an expert has been trained. */
    private static TrainingListener onTrainedExpert(Runnable action) {
        return new TrainingListener() {
            @Override
            public void expertFinished(TrainingListener.ExpertEvent state) {
                if (state.status().equals(HardMoeRun.ExpertState.TRAINED)) {
                    action.run();
                }
            }
        };
    }

    @Test
    void aCancelledRunResumesExpertByExpertAndASiblingReusesTheTrunk(@TempDir Path runs) throws IOException {
        HardMoeConfig config = config(1, 0);
        Path dir = HardMoeRunner.create(runs, config, 5, Instant.now());
        CancellationToken cancel = new CancellationToken();
        HardMoeRunner.Outcome first = new HardMoeRunner().run(dir, onTrainedExpert(cancel::cancel), cancel);
        assertEquals(RunStatus.CANCELLED, first.status(), first.message());
        HardMoeRun run = HardMoeRun.open(dir);
        assertEquals(RunStatus.CANCELLED, run.status());
        assertTrue(run.results().isEmpty());
        HardMoeRun.ExpertState done = run.experts().stream()
                .filter(s -> s.status().equals(HardMoeRun.ExpertState.TRAINED))
                .findFirst()
                .orElseThrow();
        Path kept = run.expertDir(done.expert()).resolve(done.checkpoint());
        var keptTime = Files.getLastModifiedTime(kept);

        AtomicInteger trainedSecond = new AtomicInteger();
        HardMoeRunner.Outcome second =
                new HardMoeRunner().run(dir, onTrainedExpert(trainedSecond::incrementAndGet), new CancellationToken());
        assertEquals(RunStatus.COMPLETED, second.status(), second.message());
        assertEquals(2, trainedSecond.get(), "only the two experts not trained yet are trained again");
        assertEquals(keptTime, Files.getLastModifiedTime(kept));
        assertEquals(1, run.provenance().orElseThrow().resumes().size());
        assertEquals(1, run.provenance().orElseThrow().resumes().get(0).fromStep());
        assertEquals(
                1,
                run.metrics().stream()
                        .filter(n -> n.path("type").asText().equals("expert")
                                && n.path("model").asText().equals(HardMoeRun.expertName(done.expert())))
                        .count());

        // another K of the same study copies the trunk instead of training it
        Path sibling = HardMoeRunner.create(runs, config, 2, Instant.now());
        assertCompletes(sibling);
        HardMoeRun.TrunkState trunk = HardMoeRun.open(sibling).trunkState().orElseThrow();
        assertEquals(dir.getFileName().toString(), trunk.copiedFrom());
        assertArrayEquals(
                Files.readAllBytes(dir.resolve("trunk/trunk.ckpt")),
                Files.readAllBytes(sibling.resolve("trunk/trunk.ckpt")));
    }
}
