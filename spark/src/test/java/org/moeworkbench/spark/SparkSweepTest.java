package org.moeworkbench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.study.RunAttempt;
import org.moeworkbench.engine.study.StudyFile;
import org.moeworkbench.engine.study.Sweep;
import org.moeworkbench.engine.study.SweepAxis;
import org.moeworkbench.engine.study.SweepListener;
import org.moeworkbench.engine.study.SweepPlan;
import org.moeworkbench.engine.train.CancellationToken;

/** Sweeps on Spark in local[2]: the same runs as a local sweep, bit for bit, and a cancel that leaves nothing torn. */
class SparkSweepTest {
    private static SparkRunFarm farm;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        farm = SparkRunFarm.open("local[2]", "moe-spark-test");
    }

    @AfterAll
    static void stopSpark() {
        farm.close();
    }

    /** A tiny MoE ConvNeXt on the sample data: seconds per run. */
    static ExperimentConfig tiny() throws IOException {
        return tiny(120);
    }

    static ExperimentConfig tiny(int sampleImages) throws IOException {
        ObjectNode tree = ConfigJson.mapper().valueToTree(ExperimentConfig.defaultSample());
        tree.put("name", "spark-tiny");
        ((ObjectNode) tree.get("data")).put("sampleImages", sampleImages).put("imageSize", 16);
        ObjectNode model = (ObjectNode) tree.get("model");
        model.putArray("depths").add(1).add(1).add(1).add(1);
        model.putArray("dims").add(8).add(8).add(16).add(16);
        model.put("patchSize", 2);
        ((ObjectNode) tree.get("training"))
                .put("epochs", 1)
                .put("batchSize", 16)
                .put("analysisImages", 16);
        return ConfigJson.parse(ConfigJson.toJson(tree), ExperimentConfig.class, "tiny");
    }

    static SweepPlan plan() throws IOException {
        return SweepPlan.of(tiny(), List.of(SweepAxis.parse("moe.experts=2,4")), List.of(1L, 2L));
    }

    @Test
    void aSweepOnSparkMakesTheSameRunsBitForBitAsTheLocalSweep() throws IOException {
        Path local = tmp.resolve("local");
        Path spark = tmp.resolve("spark");
        Runners runners = Runners.standard();
        Sweep.Result localResult =
                new Sweep(local, runners::of).run(plan(), new SweepListener() {}, new CancellationToken(), false);
        Sweep.Result sparkResult = new Sweep(spark, runners::of)
                .runOn(farm, plan(), new SweepListener() {}, new CancellationToken(), false);
        assertEquals(4, localResult.completed());
        assertEquals(4, sparkResult.completed());
        assertFalse(Files.exists(spark.resolve(RunAttempt.ATTEMPTS)), "no attempt left behind");

        RunComparison.assertSameStudies(local, spark);
    }

    @Test
    void cancellingTheSweepCancelsTheSparkJobAndAnotherCallFinishesIt() throws IOException {
        Path dir = tmp.resolve("cancelled");
        CancellationToken cancel = new CancellationToken();
        SweepListener cancelAtFirstStart = new SweepListener() {
            @Override
            public org.moeworkbench.engine.study.RunFarm.Listener farm(List<Integer> settingOfTask) {
                return new org.moeworkbench.engine.study.RunFarm.Listener() {
                    @Override
                    public void taskStarted(int index, int attempt, String where) {
                        cancel.cancel();
                    }
                };
            }
        };
        Runners runners = Runners.standard();
        Sweep.Result result = new Sweep(dir, runners::of).runOn(farm, plan(), cancelAtFirstStart, cancel, false);
        assertTrue(result.cancelled());
        assertTrue(result.completed() < 4, "cancelled before all 4 ran: " + result);
        for (StudyFile.SettingRuns s : StudyFile.read(dir).settings()) { // landed whole, or not at all
            Path run = dir.resolve(s.lastRunId());
            assertTrue(
                    !Files.exists(run) || RunAttempt.endingOf(run).status() == RunStatus.COMPLETED, "torn run " + run);
        }

        Sweep.Result again =
                new Sweep(dir, runners::of).runOn(farm, plan(), new SweepListener() {}, new CancellationToken(), false);
        assertEquals(4, again.completed());
    }
}
