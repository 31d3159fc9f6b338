package org.moeworkbench.engine.study;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.run.RunStore;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner;

/**
 * Runs the settings of a {@link SweepPlan} one after another into a study folder: study.json plus one run
 * directory per setting. Resumable: a completed run is kept, a cancelled or killed one continues from its
 * last checkpoint, a deleted one is trained again; a folder holding another sweep (other base config or
 * other axes) is refused. Two sweeps cannot write one folder at once (a lock file).
 */
public final class Sweep {
    static final String LOCK = ".sweep.lock";

    private final Path dir;
    private final Function<RunKind, RunRunner> runners;

    /** @param runners the runner of each kind of run ({@code launch.Runners::of}) */
    public Sweep(Path dir, Function<RunKind, RunRunner> runners) {
        this.dir = dir;
        this.runners = runners;
    }

    /**
     * How a call ended.
     *
     * @param completed settings whose run has completed (skipped or trained now)
     * @param failed    settings whose run failed
     * @param cancelled true if the sweep stopped on request (the rest is left for the next call)
     */
    public record Result(int completed, int failed, boolean cancelled, int total) {}

    /**
     * Runs what is left of {@code plan}.
     *
     * @param retryFailed start a new run for a setting whose run failed (else it is kept and skipped)
     * @throws InvalidSweepException the folder holds another sweep, or a run's config was changed
     */
    public Result run(SweepPlan plan, SweepListener listener, CancellationToken cancel, boolean retryFailed)
            throws IOException {
        return locked(() -> runLocked(plan, listener, cancel, retryFailed));
    }

    /** What runs while this sweep holds the folder's lock. */
    private interface LockedWork {
        Result run() throws IOException;
    }

    private Result locked(LockedWork work) throws IOException {
        Files.createDirectories(dir);
        try (FileChannel channel =
                        FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel)) {
            if (lock == null) {
                throw new InvalidSweepException("another moe sweep is writing " + dir + "; wait for it to finish");
            }
            return work.run();
        }
    }

    /**
     * A setting's runs as the folder holds them: the ids that still name run directories, the last one opened (null
     * if none) and its status (null without provenance.json: killed before it wrote one).
     */
    private record Existing(List<String> ids, RunDirectory run, RunStatus status) {}

    private Existing runsOf(StudyFile.SettingRuns runs, SweepPlan.Setting setting, String label) throws IOException {
        List<String> ids = new ArrayList<>(runs.runIds());
        ids.removeIf(id -> !RunDirectory.isRun(dir.resolve(id)));
        RunDirectory run = ids.isEmpty() ? null : RunDirectory.open(dir.resolve(ids.get(ids.size() - 1)));
        RunStatus status = null;
        if (run != null) {
            checkSameConfig(run, setting.config(), label);
            status = run.hasProvenance() ? run.provenance().status() : null;
        }
        return new Existing(ids, run, status);
    }

    /**
     * Runs what is left of {@code plan} on {@code farm}, every remaining setting (and seed) at once as one task each.
     * Completed runs are kept as in {@link #run}; a setting whose run is unfinished (cancelled or killed in a local
     * sweep) or failed (with {@code retryFailed}) gets a new run, since farmed runs start clean in a directory of
     * their own and land whole. Run ids are recorded in study.json before the tasks start, so the results land where
     * the study expects them whichever attempt finishes.
     */
    public Result runOn(
            RunFarm farm, SweepPlan plan, SweepListener listener, CancellationToken cancel, boolean retryFailed)
            throws IOException {
        return locked(() -> runOnLocked(farm, plan, listener, cancel, retryFailed));
    }

    private Result runOnLocked(
            RunFarm farm, SweepPlan plan, SweepListener listener, CancellationToken cancel, boolean retryFailed)
            throws IOException {
        StudyFile study = openStudy(plan);
        RunStore store = new RunStore(dir);
        List<SweepPlan.Setting> settings = plan.settings();
        int completed = 0;
        int failed = 0;
        List<RunFarm.Task> tasks = new ArrayList<>();
        List<Integer> taskSettings = new ArrayList<>();
        java.util.Set<String> reserved = new java.util.HashSet<>();
        Instant now = Instant.now();
        for (int i = 0; i < settings.size(); i++) {
            SweepPlan.Setting setting = settings.get(i);
            String label = SweepPlan.describe(plan.axes(), setting.values(), setting.seed());
            StudyFile.SettingRuns runs = study.settings().get(i);
            Existing found = runsOf(runs, setting, label);
            List<String> ids = found.ids();
            RunDirectory run = found.run();
            RunStatus status = found.status();
            if (status == RunStatus.COMPLETED) {
                completed++;
                listener.setting(i, settings.size(), label, SweepListener.Action.SKIP_COMPLETED, run);
            } else if (status == RunStatus.FAILED && !retryFailed) {
                failed++;
                listener.setting(i, settings.size(), label, SweepListener.Action.SKIP_FAILED, run);
            } else {
                String id = store.newRunId(setting.config(), now, reserved);
                reserved.add(id);
                ids.add(id);
                tasks.add(new RunFarm.Task(id, setting.config()));
                taskSettings.add(i);
                listener.queued(i, settings.size(), label, dir.resolve(id), farm.where());
            }
            if (!ids.equals(runs.runIds())) {
                study = study.withSetting(i, runs.withRunIds(ids));
            }
        }
        study.write(dir);
        if (tasks.isEmpty()) {
            return new Result(completed, failed, false, settings.size());
        }
        if (cancel.isCancelled()) {
            return new Result(completed, failed, true, settings.size());
        }
        List<RunRunner.Ending> endings = farm.trainAll(dir, tasks, listener.farm(taskSettings), cancel);
        RunAttempt.cleanUp(dir);
        boolean cancelled = false;
        for (int t = 0; t < endings.size(); t++) {
            RunRunner.Ending ending = endings.get(t);
            Path root = dir.resolve(tasks.get(t).runId());
            listener.farmedRunEnded(taskSettings.get(t), root, ending);
            switch (ending.status()) {
                case COMPLETED -> completed++;
                case CANCELLED -> cancelled = true;
                default -> failed++;
            }
        }
        return new Result(completed, failed, cancelled, settings.size());
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private Result runLocked(SweepPlan plan, SweepListener listener, CancellationToken cancel, boolean retryFailed)
            throws IOException {
        StudyFile study = openStudy(plan);
        RunStore store = new RunStore(dir);
        List<SweepPlan.Setting> settings = plan.settings();
        int completed = 0;
        int failed = 0;
        for (int i = 0; i < settings.size(); i++) {
            SweepPlan.Setting setting = settings.get(i);
            String label = SweepPlan.describe(plan.axes(), setting.values(), setting.seed());
            StudyFile.SettingRuns runs = study.settings().get(i);
            Existing found = runsOf(runs, setting, label);
            List<String> ids = found.ids();
            RunDirectory run = found.run();
            SweepListener.Action action = SweepListener.Action.NEW;
            if (run != null) {
                RunStatus status = found.status();
                if (status == RunStatus.COMPLETED) {
                    action = SweepListener.Action.SKIP_COMPLETED;
                } else if (status == RunStatus.FAILED) {
                    action = retryFailed ? SweepListener.Action.NEW : SweepListener.Action.SKIP_FAILED;
                } else {
                    action = SweepListener.Action.RESUME;
                }
            }
            boolean trains = action == SweepListener.Action.NEW || action == SweepListener.Action.RESUME;
            if (trains && cancel.isCancelled()) {
                return new Result(completed, failed, true, settings.size());
            }
            if (action == SweepListener.Action.NEW) {
                run = store.create(setting.config(), Instant.now());
                ids.add(run.id());
            }
            if (!ids.equals(runs.runIds())) {
                study = study.withSetting(i, runs.withRunIds(ids));
                study.write(dir);
            }
            listener.setting(i, settings.size(), label, action, run);
            switch (action) {
                case SKIP_COMPLETED -> completed++;
                case SKIP_FAILED -> failed++;
                default -> {
                    RunRunner.Ending outcome =
                            runners.apply(setting.config().kind()).train(run.root(), listener.training(run), cancel);
                    listener.runEnded(i, run, outcome);
                    switch (outcome.status()) {
                        case COMPLETED -> completed++;
                        case CANCELLED -> {
                            return new Result(completed, failed, true, settings.size());
                        }
                        default -> failed++;
                    }
                }
            }
        }
        return new Result(completed, failed, false, settings.size());
    }

    /** The folder's study.json (checked to be the same sweep) or a new one, written. */
    private StudyFile openStudy(SweepPlan plan) throws IOException {
        StudyFile study = StudyFile.exists(dir)
                ? existing(plan)
                : StudyFile.start(plan, Instant.now().toString());
        study.write(dir);
        return study;
    }

    /** The folder's study.json, if it is the same sweep as {@code plan}. */
    private StudyFile existing(SweepPlan plan) throws IOException {
        StudyFile study = StudyFile.read(dir);
        List<String> problems = new ArrayList<>();
        if (!study.base().equals(plan.base())) {
            problems.add(dir + " holds a study of another base config ("
                    + study.base().name()
                    + ", see its " + StudyFile.FILE + "); give the same --config to continue it, or another --runs"
                    + " folder for a new study");
        }
        if (!study.seeds().equals(plan.seeds())) {
            problems.add(dir + " holds a study with seeds " + study.seeds() + ", not " + plan.seeds()
                    + "; give the same --seeds to continue it, or another --runs folder for a new study");
        }
        if (!study.axes().equals(plan.axes())) {
            problems.add(dir + " holds a study varying " + study.axes() + ", not " + plan.axes()
                    + "; give the same --vary options to continue it, or another --runs folder for a new study");
        }
        if (!problems.isEmpty()) {
            throw new InvalidSweepException(problems);
        }
        return study;
    }

    private static void checkSameConfig(RunDirectory run, RunSpec expected, String label) {
        RunSpec actual = run.spec();
        if (!actual.equals(expected)) {
            throw new InvalidSweepException(run.root() + " (setting " + label + ") has a config.json that differs"
                    + " from the sweep's; it was edited by hand? Delete that run directory to train the setting"
                    + " again");
        }
    }
}
