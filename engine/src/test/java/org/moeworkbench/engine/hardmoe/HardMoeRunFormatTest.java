package org.moeworkbench.engine.hardmoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.run.EnvironmentInfo;
import org.moeworkbench.engine.run.Provenance;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.run.RunStore;

class HardMoeRunFormatTest {

    static HardMoeConfig demo(String name) throws IOException {
        try (InputStream in =
                HardMoeRunFormatTest.class.getResourceAsStream("/org/moeworkbench/sample/configs/" + name + ".json")) {
            return ConfigJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), HardMoeConfig.class, name);
        }
    }

    /**
     * The sample hard-MoE demos open their data as training does: the generator's tag noise leaves a few images with
     * no tag, which the tag task refuses unless skipBadRecords leaves them out (it did refuse, 3 of 6,000, until
     * the demos turned it on).
     */
    @Test
    void sampleDemosOpenTheirDataUnderTheTagTask() throws IOException {
        for (String name : List.of("sample-hardmoe", "sample-hardmoe-shared")) {
            org.moeworkbench.engine.data.ImageDataset data =
                    org.moeworkbench.engine.data.Datasets.open(demo(name).data());
            assertEquals(3, data.skippedRecords(), name + ": the untagged images left out and counted");
            for (var split : List.of(data.train(), data.validation(), data.test())) {
                for (int i = 0; i < split.size(); i++) {
                    org.junit.jupiter.api.Assertions.assertTrue(split.tags(i).length > 0, name + " " + split.name());
                }
            }
        }
        HardMoeConfig strict = demo("sample-hardmoe");
        var data = strict.data();
        var noSkip = new org.moeworkbench.engine.config.DataConfig(
                data.source(),
                data.format(),
                data.imageSize(),
                data.sampleImages(),
                data.sampleSeed(),
                data.validationFraction(),
                data.task(),
                data.sampling(),
                false);
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                org.moeworkbench.engine.data.DatasetException.class,
                () -> org.moeworkbench.engine.data.Datasets.open(noSkip));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().contains("set data.skipBadRecords to true to leave them out"), e.getMessage());
    }

    @Test
    void demoConfigsParseAndRoundTrip() throws IOException {
        for (String name : List.of("sample-hardmoe", "fashion-mnist-hardmoe", "sample-hardmoe-shared")) {
            HardMoeConfig config = demo(name);
            assertEquals(config, ConfigJson.parse(ConfigJson.toJson(config), HardMoeConfig.class, "again"));
        }
        assertEquals(List.of(4, 8, 16), demo("sample-hardmoe").clusters());
        assertEquals("shared", demo("sample-hardmoe-shared").decoder());
    }

    @Test
    void theTrunkIsTheSameBackboneDataAndTrainingWithoutMoe() throws IOException {
        HardMoeConfig c = demo("sample-hardmoe");
        org.moeworkbench.engine.config.ExperimentConfig trunk = c.trunkExperiment();
        assertEquals(
                List.of(c.name(), c.seed(), c.data(), c.augment(), c.model(), c.training()),
                List.of(trunk.name(), trunk.seed(), trunk.data(), trunk.augment(), trunk.model(), trunk.training()));
        assertEquals(false, trunk.moe().enabled());
    }

    @Test
    void badValuesNameTheField() throws IOException {
        HardMoeConfig c = demo("sample-hardmoe");
        InvalidConfigException e = assertThrows(
                InvalidConfigException.class,
                () -> new HardMoeConfig(
                        c.name(),
                        c.seed(),
                        c.data(),
                        c.augment(),
                        c.model(),
                        c.training(),
                        c.pcaDims(),
                        c.clusters(),
                        c.kmeansIterations(),
                        "random",
                        c.decoder(),
                        c.expertEpochs(),
                        c.expertLearningRate(),
                        c.patience(),
                        c.ensembleSize(),
                        c.qSamples(),
                        c.threads(),
                        c.expertSampling(),
                        c.maxTrainImages(),
                        c.maxTestImages()));
        assertEquals("expertInit", e.field());
        assertTrue(e.getMessage().contains("[trunk, scratch]"), e.getMessage());
        String json = ConfigJson.toJson(c).replace("\"decoder\" : \"independent\"", "\"decoder\" : \"both\"");
        ConfigFileException f =
                assertThrows(ConfigFileException.class, () -> ConfigJson.parse(json, HardMoeConfig.class, "x.json"));
        assertEquals("decoder", f.field());
    }

    /** New hard-MoE runs use the one layout (config.json); folders of the landed main (hardmoe.json) still open. */
    @Test
    void oneLayoutForEveryKindAndOldHardMoeFoldersStillOpen(@TempDir Path runs) throws IOException {
        HardMoeConfig config = demo("sample-hardmoe");
        assertEquals(3, config.perRun().size(), "one run per K of the demo (4, 8, 16)");
        RunDirectory made = new RunStore(runs).create(config.perRun().get(0), Instant.EPOCH);
        assertEquals("19700101-000000-" + config.name() + "-k4", made.id());
        assertTrue(Files.isRegularFile(made.root().resolve(RunDirectory.CONFIG)));
        assertFalse(Files.exists(made.root().resolve(RunDirectory.LEGACY_HARD_MOE_CONFIG)));
        assertEquals(RunKind.HARD_MOE, RunDirectory.kindOf(made.root()).orElseThrow());
        assertEquals(RunKind.HARD_MOE, RunDirectory.open(made.root()).kind());
        assertEquals(config.withClusters(4), RunDirectory.open(made.root()).spec());
        assertEquals(4, HardMoeRun.open(made.root()).k());
        assertThrows(
                IllegalStateException.class,
                () -> RunDirectory.open(made.root()).config());
        assertThrows(IllegalArgumentException.class, () -> new RunStore(runs).create(config, Instant.EPOCH));

        Path old = runs.resolve("20261201-000000-old-hardmoe-k8");
        Files.createDirectories(old);
        ConfigJson.write(old.resolve(RunDirectory.LEGACY_HARD_MOE_CONFIG), config.withClusters(8));
        assertTrue(RunDirectory.isRun(old));
        assertEquals(RunKind.HARD_MOE, RunDirectory.kindOf(old).orElseThrow());
        assertEquals(config.withClusters(8), RunDirectory.open(old).spec());
        assertEquals(8, HardMoeRun.open(old).k());
        assertEquals(old.resolve(RunDirectory.LEGACY_HARD_MOE_CONFIG), RunDirectory.specFile(old));
        assertEquals(2, new RunStore(runs).list().size());

        ExperimentConfig sparse = ExperimentConfig.defaultSample();
        RunDirectory experiment = new RunStore(runs).create(sparse, Instant.EPOCH);
        assertEquals(RunKind.SPARSE_MOE, RunDirectory.kindOf(experiment.root()).orElseThrow());
        assertFalse(RunDirectory.isHardMoe(experiment.root()));
        assertEquals(sparse, experiment.spec());
        assertEquals(sparse, RunSpec.read(experiment.configFile()));
        assertEquals(config.withClusters(4), RunSpec.read(made.configFile()));
    }

    @Test
    void readerReadsWhatTheEngineWrites(@TempDir Path dir) throws IOException {
        HardMoeConfig config = demo("sample-hardmoe").withClusters(3);
        assertFalse(RunDirectory.isHardMoe(dir));
        assertThrows(IOException.class, () -> HardMoeRun.open(dir));
        ConfigJson.write(dir.resolve(RunDirectory.CONFIG), config);
        HardMoeRun run = HardMoeRun.open(dir);
        assertTrue(RunDirectory.isHardMoe(dir));
        assertEquals(3, run.k());
        assertEquals(RunStatus.RUNNING, run.status());
        assertTrue(run.results().isEmpty());
        assertTrue(run.clusters().isEmpty());

        ConfigJson.write(
                dir.resolve(RunDirectory.PROVENANCE),
                Provenance.started("r", config, EnvironmentInfo.current(), "abc", Instant.EPOCH)
                        .ended(RunStatus.COMPLETED, "", Instant.EPOCH));
        ConfigJson.write(
                dir.resolve(HardMoeRun.CLUSTERS),
                new HardMoeRun.Clusters(3, new int[] {2, 1, 0}, new int[] {0, 1, 0}, new int[] {1}, new int[] {0}));
        ConfigJson.write(dir.resolve(HardMoeRun.CENTROIDS), new double[][] {{1, 2}, {3, 4}, null});
        ConfigJson.write(
                dir.resolve(HardMoeRun.TAG_CLUSTER_COUNTS),
                new HardMoeRun.TagClusterCounts(List.of("a", "b"), 3, new int[][] {{2, 0, 0}, {1, 1, 0}}));
        ConfigJson.write(
                dir.resolve(HardMoeRun.PER_TAG),
                List.of(new HardMoeRun.PerTag("a", 2, 50.0, 1.0), new HardMoeRun.PerTag("b", 2, null, Math.sqrt(2))));
        Map<String, HardMoeRun.ModelResult> results = new LinkedHashMap<>();
        results.put("trunk", new HardMoeRun.ModelResult(7.0, 7.5, 7.2, 1.0, 5.0, 10.0, 2.0, 6.0, 11.0, 1.0, 100L, 1.0));
        results.put("moe", new HardMoeRun.ModelResult(6.0, 6.5, 6.2, 2.0, 6.0, 12.0, 3.0, 7.0, 12.0, 2.1, 400L, 2.0));
        ConfigJson.write(dir.resolve(HardMoeRun.RESULTS), results);
        ConfigJson.write(
                run.expertDir(1).resolve(HardMoeRun.ExpertState.FILE),
                new HardMoeRun.ExpertState(
                        1, HardMoeRun.ExpertState.TRAINED, 1, 0, 1, 4, 4, null, "expert.ckpt", 1.5, ""));
        ConfigJson.write(
                run.expertDir(2).resolve(HardMoeRun.ExpertState.FILE),
                new HardMoeRun.ExpertState(
                        2, HardMoeRun.ExpertState.SKIPPED_EMPTY, 0, 0, 0, 0, 0, null, null, 0, "empty"));

        assertEquals(RunStatus.COMPLETED, run.status());
        assertArrayEquals(new int[] {2, 1, 0}, run.clusterSizes().orElseThrow());
        assertArrayEquals(new int[] {0, 1, 0}, run.trainAssignments().orElseThrow());
        assertArrayEquals(new int[] {1}, run.testAssignments().orElseThrow());
        assertNull(run.centroids().orElseThrow()[2]);
        assertEquals(1, run.tagClusterCounts().orElseThrow().counts()[1][1]);
        assertNull(run.perTag().orElseThrow().get(1).q10());
        assertEquals(
                java.util.Set.of("trunk", "moe"),
                java.util.Set.copyOf(run.results().orElseThrow().keySet()));
        assertEquals(12.0, run.results().orElseThrow().get("moe").q10());
        assertTrue(Files.readString(dir.resolve(HardMoeRun.RESULTS)).contains("\"q@10\""));
        assertEquals(2, run.experts().size());
        assertEquals("skipped-empty", run.experts().get(1).status());
        assertEquals("expert-02", HardMoeRun.expertName(2));
    }
}
