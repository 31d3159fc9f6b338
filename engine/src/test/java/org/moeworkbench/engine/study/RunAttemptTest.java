package org.moeworkbench.engine.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.hardmoe.HardMoeRunner;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.BlobData;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.FakeNetwork;
import org.moeworkbench.engine.train.RunRunner;
import org.moeworkbench.engine.train.Trainer;
import org.moeworkbench.engine.train.TrainingListener;

/** Farmed runs land whole, once: the contract a Spark task relies on, on a fast fake network. */
class RunAttemptTest {
    @TempDir
    Path tmp;

    private final BlobData data = new BlobData(64, 16, 20);
    private final AtomicInteger networksBuilt = new AtomicInteger();
    private final Trainer trainer = new Trainer(
            (config, d) -> {
                networksBuilt.incrementAndGet();
                return new FakeNetwork(BlobData.INPUTS, BlobData.CLASSES, config.seed());
            },
            config -> data);
    private final Runners runners = new Runners(trainer, new HardMoeRunner());

    private static ExperimentConfig spec() {
        TrainingConfig training = new TrainingConfig(Optimizer.SGD, 0.05, 0.0, 0.9, 2, 16, 0.0, 0.0, 0.0, 2, false, 8);
        return ExperimentConfig.defaultSample().withName("attempt").withTraining(training);
    }

    private RunRunner.Ending attempt(String name, CancellationToken cancel) throws IOException {
        return RunAttempt.train(tmp, "run-1", spec(), name, runners::of, new TrainingListener() {}, cancel);
    }

    private List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFinishedAttemptLandsWholeUnderTheRunIdAndLeavesNoAttemptBehind() throws IOException {
        RunRunner.Ending ending = attempt("task-1", new CancellationToken());
        assertEquals(RunStatus.COMPLETED, ending.status());
        RunDirectory run = RunDirectory.open(tmp.resolve("run-1"));
        assertEquals(RunStatus.COMPLETED, run.provenance().status());
        assertEquals("run-1", run.id(), "the run's own files name the final directory");
        RunAttempt.cleanUp(tmp);
        assertEquals(List.of("run-1"), entries(tmp));
    }

    @Test
    void aRetriedAttemptOfALandedRunTrainsNothingAndReturnsTheLandedEnding() throws IOException {
        RunRunner.Ending first = attempt("task-1", new CancellationToken());
        int built = networksBuilt.get();
        RunRunner.Ending again = attempt("task-2", new CancellationToken());
        assertEquals(built, networksBuilt.get());
        assertEquals(first.status(), again.status());
        assertEquals(first.accuracy(), again.accuracy());
        assertFalse(Files.exists(tmp.resolve(RunAttempt.ATTEMPTS).resolve("task-2")));
    }

    @Test
    void whenASpeculativeCopyLandsFirstTheSlowerOneDeletesItselfAndKeepsTheWinner() throws IOException {
        // the runner of this attempt lets "another attempt" land the run while it trains
        Runners racing = new Runners(
                (runDir, listener, cancel) -> {
                    RunRunner.Ending mine = trainer.train(runDir, listener, cancel);
                    RunAttempt.train(tmp, "run-1", spec(), "task-fast", runners::of, new TrainingListener() {}, cancel);
                    return mine;
                },
                new HardMoeRunner());
        String winner;
        RunRunner.Ending ending = RunAttempt.train(
                tmp, "run-1", spec(), "task-slow", racing::of, new TrainingListener() {}, new CancellationToken());
        winner = RunDirectory.open(tmp.resolve("run-1")).provenance().startedAt();
        assertEquals(RunStatus.COMPLETED, ending.status());
        RunAttempt.cleanUp(tmp);
        assertEquals(List.of("run-1"), entries(tmp), "one copy, no attempt left");
        assertEquals(
                winner, RunDirectory.open(tmp.resolve("run-1")).provenance().startedAt());
    }

    @Test
    void aCancelledAttemptLeavesNothing() throws IOException {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        RunRunner.Ending ending = attempt("task-1", cancel);
        assertEquals(RunStatus.CANCELLED, ending.status());
        assertFalse(Files.exists(tmp.resolve("run-1")));
        RunAttempt.cleanUp(tmp);
        assertEquals(List.of(), entries(tmp));
    }

    @Test
    void cleanUpAfterTheJobDeletesWhatLostOrCancelledAttemptsLeft() throws IOException {
        attempt("task-2", new CancellationToken());
        // what a killed executor leaves: a half-trained copy in its attempt directory; and a cancelled one's
        RunDirectory.create(tmp.resolve(RunAttempt.ATTEMPTS).resolve("task-1").resolve("run-1"), spec());
        RunDirectory.create(tmp.resolve(RunAttempt.ATTEMPTS).resolve("task-3").resolve("run-2"), spec());
        RunAttempt.cleanUp(tmp);
        assertEquals(List.of("run-1"), entries(tmp), "the landed run only");
    }

    /** A farm in this thread, one attempt per task: what Sweep.runOn needs from a farm. */
    static final class InThreadFarm implements RunFarm {
        final Runners runners;
        int tasksRun;

        InThreadFarm(Runners runners) {
            this.runners = runners;
        }

        @Override
        public String where() {
            return "this thread";
        }

        @Override
        public List<RunRunner.Ending> trainAll(
                Path runsFolder, List<Task> tasks, Listener listener, CancellationToken cancel) throws IOException {
            List<RunRunner.Ending> endings = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                listener.taskStarted(i, 0, where());
                tasksRun++;
                endings.add(RunAttempt.train(
                        runsFolder,
                        tasks.get(i).runId(),
                        tasks.get(i).spec(),
                        "task-" + i,
                        runners::of,
                        new TrainingListener() {},
                        cancel));
            }
            return endings;
        }
    }

    @Test
    void aSweepOnAFarmRecordsTheRunIdsFirstAndSkipsLandedRunsTheNextTime() throws IOException {
        SweepPlan plan = SweepPlan.of(spec(), List.of(SweepAxis.parse("moe.experts=2,4")), List.of(1L, 2L));
        InThreadFarm farm = new InThreadFarm(runners);
        Sweep.Result result = new Sweep(tmp, kind -> trainer)
                .runOn(farm, plan, new SweepListener() {}, new CancellationToken(), false);
        assertEquals(4, result.completed());
        assertEquals(4, farm.tasksRun);
        StudyFile study = StudyFile.read(tmp);
        for (StudyFile.SettingRuns setting : study.settings()) {
            RunDirectory run = RunDirectory.open(tmp.resolve(setting.lastRunId()));
            assertEquals(setting.seed(), run.config().seed());
            assertEquals(RunStatus.COMPLETED, run.provenance().status());
        }
        assertFalse(Files.exists(tmp.resolve(RunAttempt.ATTEMPTS)));
        Sweep.Result again = new Sweep(tmp, kind -> trainer)
                .runOn(farm, plan, new SweepListener() {}, new CancellationToken(), false);
        assertEquals(4, again.completed());
        assertEquals(4, farm.tasksRun, "nothing trained again");
    }
}
