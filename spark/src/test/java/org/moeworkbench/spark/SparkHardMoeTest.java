package org.moeworkbench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.hardmoe.HardMoeRunner;
import org.moeworkbench.engine.hardmoe.TinyHardMoe;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner;
import org.moeworkbench.engine.train.TrainingListener;

/** A hard MoE whose experts are Spark tasks (local[2]): the same experts and results as the run trained here. */
class SparkHardMoeTest {
    private static SparkRunFarm farm;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        farm = SparkRunFarm.open("local[2]", "moe-spark-hardmoe-test");
    }

    @AfterAll
    static void stopSpark() {
        farm.close();
    }

    static HardMoeConfig config() {
        return TinyHardMoe.onSample("spark-hard", 1, List.of(2));
    }

    @Test
    void expertsTrainedAsSparkTasksEqualThoseTrainedHereBitForBit() throws IOException {
        Path localRun = HardMoeRunner.create(tmp.resolve("local"), config(), 2, Instant.now());
        Path sparkRun = HardMoeRunner.create(tmp.resolve("spark"), config(), 2, Instant.now());
        List<String> info = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void info(String message) {
                info.add(message);
            }
        };
        RunRunner.Ending local =
                new HardMoeRunner().train(localRun, new TrainingListener() {}, new CancellationToken());
        RunRunner.Ending spark = new HardMoeRunner(farm).train(sparkRun, listener, new CancellationToken());
        assertEquals(RunStatus.COMPLETED, local.status(), local.message());
        assertEquals(RunStatus.COMPLETED, spark.status(), spark.message());
        assertTrue(info.stream().anyMatch(m -> m.contains("experts handed to Spark master local[2]")), info.toString());
        assertFalse(Files.exists(sparkRun.resolve(".attempts")), "no attempt left behind");
        HardMoeRunComparison.assertSameHardMoeRuns(localRun, sparkRun);
        assertEquals(local.accuracy(), spark.accuracy());
        assertEquals(2, HardMoeRun.open(sparkRun).experts().size());
    }
}
