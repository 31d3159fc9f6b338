package org.moeworkbench.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.analysis.StudyProgress.State;
import org.moeworkbench.engine.analysis.StudyProgress.Task;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.study.StudyFile;
import org.moeworkbench.engine.study.Sweep;
import org.moeworkbench.engine.study.SweepAxis;
import org.moeworkbench.engine.study.SweepListener;
import org.moeworkbench.engine.study.SweepPlan;
import org.moeworkbench.engine.train.BlobData;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.FakeNetwork;
import org.moeworkbench.engine.train.Trainer;

class StudyProgressTest {
    @TempDir
    Path study;

    private final BlobData data = new BlobData(64, 16, 20);
    private final Trainer trainer = new Trainer(
            (config, d) -> new FakeNetwork(BlobData.INPUTS, BlobData.CLASSES, config.seed()), config -> data);

    private SweepPlan plan() {
        TrainingConfig training = new TrainingConfig(Optimizer.SGD, 0.05, 0.0, 0.9, 2, 16, 0.0, 0.0, 0.0, 2, false, 8);
        ExperimentConfig base =
                ExperimentConfig.defaultSample().withName("fake").withTraining(training);
        return SweepPlan.of(base, List.of(SweepAxis.parse("moe.experts=2,4")), List.of(1L, 2L));
    }

    @Test
    void tasksAreReadFromStudyJsonTheLandedRunsAndTheAttemptsStillTraining() throws IOException {
        new Sweep(study, kind -> trainer).run(plan(), new SweepListener() {}, new CancellationToken(), false);
        List<Task> trained = StudyProgress.read(study);
        assertEquals(4, trained.size());
        for (Task task : trained) {
            assertEquals(State.COMPLETED, task.state(), task.toString());
            assertEquals(1.0, task.progress());
            assertEquals(2, task.epochsDone());
            assertTrue(task.testAccuracy() >= 0 && task.message().startsWith("completed: test accuracy"));
        }
        assertEquals("moe.experts=4, seed=2", trained.get(3).setting());

        // As a Spark driver leaves it mid-job: every run id recorded first, runs training in .attempts/ until they
        // land.
        StudyFile file = StudyFile.read(study);
        Path finished = study.resolve(trained.get(0).runId());
        List<String> firstEpoch = new ArrayList<>();
        for (String line : Files.readAllLines(finished.resolve(RunDirectory.METRICS))) {
            firstEpoch.add(line);
            if (line.contains("\"type\":\"epoch\"")) {
                break;
            }
        }
        file = file.withSetting(1, file.settings().get(1).withRunIds(List.of("farmed-once")));
        file = file.withSetting(2, file.settings().get(2).withRunIds(List.of("farmed-twice")));
        file = file.withSetting(3, file.settings().get(3).withRunIds(List.of()));
        file.write(study);
        Path once = Files.createDirectories(study.resolve(".attempts/app-1-task-1/farmed-once"));
        Files.write(once.resolve(RunDirectory.METRICS), firstEpoch);
        Files.createDirectories(study.resolve(".attempts/app-1-task-2/farmed-twice"));
        Path twice = Files.createDirectories(study.resolve(".attempts/app-1-task-5/farmed-twice"));
        Files.setLastModifiedTime(
                twice, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));

        List<Task> farmed = StudyProgress.read(study);
        assertEquals(State.COMPLETED, farmed.get(0).state());
        Task first = farmed.get(1);
        assertEquals(State.RUNNING, first.state());
        assertEquals(once, first.where());
        assertEquals(1, first.attempts());
        assertEquals(0.5, first.progress(), 1e-9, "one of two epochs: its step count is the steps per epoch");
        assertTrue(first.message().contains("epoch 2 of 2"), first.message());
        Task retried = farmed.get(2);
        assertEquals(2, retried.attempts());
        assertEquals(twice, retried.where(), "the newest attempt is the one followed");
        assertTrue(
                retried.message().contains("attempt 2") && retried.message().contains("starting"), retried.message());
        assertEquals(State.WAITING, farmed.get(3).state());
        assertNull(farmed.get(3).runId());

        // The driver removed .attempts/ while the run had not landed yet: queued again (Spark retries it).
        org.moeworkbench.engine.run.Folders.deleteTree(study.resolve(".attempts"));
        assertEquals(State.WAITING, StudyProgress.read(study).get(1).state());
        assertEquals("queued", StudyProgress.read(study).get(1).message());
    }
}
