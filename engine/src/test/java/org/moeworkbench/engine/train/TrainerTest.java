package org.moeworkbench.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.run.CheckpointState;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RoutingStore;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;

class TrainerTest {
    private static final int STEPS_PER_EPOCH = 6; // 96 images / batch 16

    @TempDir
    Path tmp;

    private final BlobData data = new BlobData(96, 24, 30);
    private final List<FakeNetwork> built = new ArrayList<>();
    private final Trainer trainer = new Trainer(
            (config, d) -> {
                FakeNetwork network = new FakeNetwork(BlobData.INPUTS, BlobData.CLASSES, config.seed());
                built.add(network);
                return network;
            },
            config -> data);

    private static ExperimentConfig config() {
        TrainingConfig training = new TrainingConfig(Optimizer.SGD, 0.05, 0.0, 0.9, 3, 16, 0.5, 0.1, 0.0, 2, true, 10);
        return ExperimentConfig.defaultSample().withName("fake").withTraining(training);
    }

    private RunDirectory newRun(String name) throws IOException {
        return RunDirectory.create(tmp.resolve(name), config());
    }

    @Test
    void completedRunWritesMetricsCheckpointsRoutingAndProvenance() throws IOException {
        RunDirectory run = newRun("complete");
        List<String> unflushed = new ArrayList<>();
        TrainingListener checkFlushed = new TrainingListener() {
            @Override
            public void step(StepEvent event) {
                if (event.globalStep() % 2 == 0 && !hasStepLine(run, event.globalStep())) {
                    unflushed.add("step " + event.globalStep());
                }
            }
        };
        TrainingOutcome outcome = trainer.train(config(), run, checkFlushed, new CancellationToken());

        assertEquals(RunStatus.COMPLETED, outcome.status(), outcome.message());
        assertTrue(unflushed.isEmpty(), "metrics lines not on disk when the step was reported: " + unflushed);
        List<JsonNode> lines = MetricsLog.read(run.metricsFile());
        assertEquals(3 * STEPS_PER_EPOCH / 2, count(lines, "step"));
        List<JsonNode> epochs = lines.stream()
                .filter(l -> l.get("type").asText().equals("epoch"))
                .toList();
        assertEquals(3, epochs.size());
        assertTrue(
                epochs.get(2).get("trainLoss").asDouble()
                        < epochs.get(0).get("trainLoss").asDouble(),
                "training loss falls: " + epochs);
        assertTrue(epochs.get(2).get("validationAccuracy").asDouble() > 0.6);
        assertEquals(2, epochs.get(0).get("expertLoad").get(0).size());
        assertEquals(1, count(lines, "test"));
        JsonNode firstStep = lines.get(0);
        for (String field :
                List.of("loss", "taskLoss", "auxLoss", "learningRate", "imagesPerSecond", "expertLoad", "health")) {
            assertTrue(firstStep.has(field), "step line has " + field + ": " + firstStep);
        }
        JsonNode epochHealth = epochs.get(0).get("health").get(0);
        assertEquals(0.75, epochHealth.get("maxShare").asDouble(), 1e-12, "the fake network's load: " + epochHealth);
        assertEquals(0.5, epochHealth.get("gateEntropy").asDouble(), 1e-12);
        assertEquals(0, epochHealth.get("deadExperts").asInt());

        assertEquals(3, built.get(0).saves, "a checkpoint per epoch");
        CheckpointState state = run.checkpoints().state().orElseThrow();
        assertEquals("epoch-003.ckpt", state.last().file());
        assertEquals(3 * STEPS_PER_EPOCH, state.last().globalStep());
        assertTrue(Files.exists(run.checkpoints().file(state.last().file())));
        assertTrue(Files.exists(run.checkpoints().file(state.best().file())));
        try (Stream<Path> files = Files.list(run.checkpoints().dir())) {
            assertTrue(files.count() <= 3, "only state.json, the last and the best are kept");
        }

        RoutingStore routing = run.routing();
        RoutingStore.AnalysisSubset subset = routing.readAnalysis();
        assertEquals(10, subset.indices().length);
        assertArrayEquals(RoutingRecorder.choose(config().seed(), 30, 10), subset.indices());
        for (String stem : List.of("epoch-0001", "epoch-0002", "final")) {
            assertTrue(Files.exists(routing.dir().resolve(stem + ".json")), stem);
        }
        RoutingStore.SnapshotHeader header = routing.readHeader("final");
        assertTrue(header.last());
        Network.RoutingSnapshot layer =
                routing.readLayer(header, header.layers().get(0));
        Network.RoutingSnapshot expected = built.get(0)
                .routing(data.testImages(subset.indices()).features())
                .get(0);
        assertEquals(3, layer.block());
        assertArrayEquals(expected.experts(), layer.experts());
        assertArrayEquals(expected.gates(), layer.gates());
        assertArrayEquals(expected.dropped(), layer.dropped());

        var provenance = run.provenance();
        assertEquals(RunStatus.COMPLETED, provenance.status());
        assertEquals(data.hash(), provenance.datasetHash());
        assertNotNull(provenance.endedAt());
        assertNotNull(provenance.environment().gitCommit());
        assertTrue(Files.exists(run.modelFile()));
    }

    @Test
    void cancelledRunIsMarkedAndResumesToTheSameLossesAsAnUninterruptedRun() throws IOException {
        RunDirectory whole = newRun("whole");
        trainer.train(config(), whole, new TrainingListener() {}, new CancellationToken());

        RunDirectory split = newRun("split");
        CancellationToken cancel = new CancellationToken();
        TrainingListener cancelAtStep8 = new TrainingListener() {
            @Override
            public void step(StepEvent event) {
                if (event.globalStep() == 8) {
                    cancel.cancel();
                }
            }
        };
        TrainingOutcome first = trainer.train(config(), split, cancelAtStep8, cancel);
        assertEquals(RunStatus.CANCELLED, first.status());
        assertEquals(8, first.globalStep());
        assertEquals(RunStatus.CANCELLED, split.provenance().status());
        CheckpointState state = split.checkpoints().state().orElseThrow();
        assertEquals("step-0000008.ckpt", state.last().file());
        assertEquals(2, state.last().batchInEpoch());

        TrainingOutcome resumed =
                trainer.resume(RunDirectory.open(split.root()), new TrainingListener() {}, new CancellationToken());
        assertEquals(RunStatus.COMPLETED, resumed.status(), resumed.message());
        assertEquals(1, split.provenance().resumes().size());
        assertSameLosses(whole, split);
    }

    @Test
    void runThatDiedMidEpochResumesFromItsLastCheckpointWithTheSameLosses() throws IOException {
        RunDirectory whole = newRun("whole");
        trainer.train(config(), whole, new TrainingListener() {}, new CancellationToken());

        RunDirectory crashed = newRun("crashed");
        TrainingListener crashAtStep10 = new TrainingListener() {
            @Override
            public void step(StepEvent event) {
                if (event.globalStep() == 10) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        };
        TrainingOutcome first = trainer.train(config(), crashed, crashAtStep10, new CancellationToken());
        assertEquals(RunStatus.FAILED, first.status());
        assertTrue(
                first.message().contains("simulated crash") && first.message().contains("epoch-001.ckpt"),
                first.message());
        trainer.resume(RunDirectory.open(crashed.root()), new TrainingListener() {}, new CancellationToken());
        assertSameLosses(whole, crashed);
    }

    @Test
    void nanLossStopsTheRunNamingTheStepAndKeepsTheLastGoodCheckpoint() throws IOException {
        RunDirectory run = newRun("nan");
        Trainer nanTrainer = trainerOf(network -> network.nanAtStep = 9);
        List<String> failures = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void failed(String message) {
                failures.add(message);
            }
        };
        TrainingOutcome outcome = nanTrainer.train(config(), run, listener, new CancellationToken());

        assertEquals(RunStatus.FAILED, outcome.status());
        assertTrue(
                outcome.message().contains("NaN")
                        && outcome.message().contains("step 9")
                        && outcome.message().contains("checkpoints/epoch-001.ckpt"),
                outcome.message());
        assertEquals(List.of(outcome.message()), failures);
        var provenance = run.provenance();
        assertEquals(RunStatus.FAILED, provenance.status());
        assertEquals(outcome.message(), provenance.message());
        CheckpointState state = run.checkpoints().state().orElseThrow();
        assertEquals("epoch-001.ckpt", state.last().file());
        assertTrue(Files.exists(run.checkpoints().file("epoch-001.ckpt")));
        assertEquals(
                8,
                MetricsLog.read(run.metricsFile()).stream()
                        .filter(l -> l.get("type").asText().equals("step"))
                        .mapToLong(l -> l.get("step").asLong())
                        .max()
                        .orElseThrow());
    }

    @Test
    void passingTheMemoryCapStopsTheRunNamingTheCapAndKeepsACheckpointToResumeFrom() throws IOException {
        RunDirectory run = newRun("memory");
        long[] steps = {0};
        long cap = 4L << 30;
        // resident memory as a leak would grow it: over the cap from the 9th step on
        MemoryCap memoryCap = new MemoryCap(cap, "-Dmoe.maxRss", () -> ++steps[0] >= 9 ? cap + (1L << 20) : cap / 2);
        Trainer capped = new Trainer(
                (config, d) -> new FakeNetwork(BlobData.INPUTS, BlobData.CLASSES, config.seed()),
                config -> data,
                memoryCap);
        TrainingOutcome outcome = capped.train(config(), run, new TrainingListener() {}, new CancellationToken());

        assertEquals(RunStatus.FAILED, outcome.status());
        assertEquals(9, outcome.globalStep());
        assertTrue(
                outcome.message()
                        .startsWith("memory cap exceeded: the process uses 4.00 GB resident, over the cap"
                                + " of 4.00 GB (-Dmoe.maxRss) after step 9"),
                outcome.message());
        assertTrue(
                outcome.message().contains("checkpoints/step-0000009.ckpt")
                        && outcome.message().contains("--resume"),
                outcome.message());
        assertEquals(RunStatus.FAILED, run.provenance().status());
        assertEquals(
                "step-0000009.ckpt",
                run.checkpoints().state().orElseThrow().last().file());

        TrainingOutcome resumed = trainer.resume(run, new TrainingListener() {}, new CancellationToken());
        assertEquals(RunStatus.COMPLETED, resumed.status());
    }

    /** A trainer of fake networks that {@code fault} has set up to fail. */
    private Trainer trainerOf(java.util.function.Consumer<FakeNetwork> fault) {
        return new Trainer(
                (config, d) -> {
                    FakeNetwork network = new FakeNetwork(BlobData.INPUTS, BlobData.CLASSES, config.seed());
                    fault.accept(network);
                    return network;
                },
                config -> data);
    }

    @Test
    void aFullJavaHeapFailsTheRunSayingHowToRaiseItAndKeepsTheCheckpoint() throws IOException {
        RunDirectory run = newRun("heap");
        Trainer heapTrainer = trainerOf(network -> network.heapFullAtStep = 9);
        TrainingOutcome outcome = heapTrainer.train(config(), run, new TrainingListener() {}, new CancellationToken());

        assertEquals(RunStatus.FAILED, outcome.status());
        assertTrue(
                outcome.message().contains("Java heap space: the Java heap of ")
                        && outcome.message().contains("-D" + TrainingHeap.PROPERTY + "=2g")
                        && outcome.message().contains("checkpoints/epoch-001.ckpt"),
                outcome.message());
        assertEquals(
                List.of("-Xms384m", "-Xmx384m", "-XX:+AlwaysPreTouch"),
                TrainingHeap.jvmOptions(),
                "the training processes' heap: fixed and resident from the start");
    }

    @Test
    void memoryCapSizesParseWithUnitsAndBadOnesAreNamed() {
        assertEquals(6L << 30, MemoryCap.parseSize("6g", "-Dmoe.maxRss"));
        assertEquals(512L << 20, MemoryCap.parseSize(" 512M ", "-Dmoe.maxRss"));
        assertEquals(1000, MemoryCap.parseSize("1000", "MOE_MAX_RSS"));
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> MemoryCap.parseSize("lots", "MOE_MAX_RSS"));
        assertTrue(
                bad.getMessage().contains("MOE_MAX_RSS = \"lots\"")
                        && bad.getMessage().contains("6g"),
                bad.getMessage());
    }

    @Test
    void resumingACompletedRunIsRefused() throws IOException {
        RunDirectory run = newRun("done");
        trainer.train(config(), run, new TrainingListener() {}, new CancellationToken());
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class,
                () -> trainer.resume(run, new TrainingListener() {}, new CancellationToken()));
        assertTrue(e.getMessage().contains("already completed"));
        assertFalse(e.getMessage().isBlank());
    }

    private static void assertSameLosses(RunDirectory expected, RunDirectory actual) throws IOException {
        List<JsonNode> a = MetricsLog.read(expected.metricsFile());
        List<JsonNode> b = MetricsLog.read(actual.metricsFile());
        assertEquals(a.size(), b.size(), "same number of metrics lines");
        for (int i = 0; i < a.size(); i++) {
            for (String field :
                    List.of("type", "step", "loss", "trainLoss", "validationLoss", "testLoss", "learningRate")) {
                assertEquals(
                        a.get(i).path(field).toString(),
                        b.get(i).path(field).toString(),
                        "line " + (i + 1) + " field " + field);
            }
        }
    }

    private static long count(List<JsonNode> lines, String type) {
        return lines.stream().filter(l -> l.get("type").asText().equals(type)).count();
    }

    private static boolean hasStepLine(RunDirectory run, long step) {
        try {
            return MetricsLog.read(run.metricsFile()).stream()
                    .anyMatch(l -> l.get("type").asText().equals("step")
                            && l.get("step").asLong() == step);
        } catch (IOException e) {
            return false;
        }
    }
}
