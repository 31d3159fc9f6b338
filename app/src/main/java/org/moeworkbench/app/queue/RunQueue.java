package org.moeworkbench.app.queue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.moeworkbench.app.common.CurvePoint;
import org.moeworkbench.app.common.UiBatcher;
import org.moeworkbench.app.runs.Totals;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.run.RunLock;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.study.SweepPlan;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner.Ending;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * The run queue: trainings of every kind (a hard MoE: one job per K) run one at a time (by default) on worker threads;
 * each job's listener hands its events to the UI thread through a {@link UiBatcher}, so the UI sees batched updates and
 * never blocks.
 */
public final class RunQueue implements AutoCloseable {
    private final ObservableList<RunJob> jobs = FXCollections.observableArrayList();
    private final ObjectProperty<Path> runsFolder;
    private final TrainingLauncher launcher;
    private final UiBatcher ui;
    private final ExecutorService workers;
    private Consumer<RunJob> onFinished = job -> {};
    private final AttachedRuns attached;

    /**
     * @param runsFolder  where new runs go (read when a job starts)
     * @param launcher    how trainings run (the app: a child process each, see {@code ChildProcessLauncher}; tests: in
     *     this process with {@link TrainingLauncher#inProcess})
     * @param ui          runs UI updates (Platform::runLater in the app)
     * @param concurrency trainings at a time
     */
    public RunQueue(
            ObjectProperty<Path> runsFolder,
            TrainingLauncher launcher,
            java.util.concurrent.Executor ui,
            int concurrency) {
        this.runsFolder = runsFolder;
        this.launcher = launcher;
        this.ui = new UiBatcher(ui);
        this.attached = new AttachedRuns(this.ui, this::finish);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "moe-training-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Trains in this process with {@code runners} (tests). */
    public RunQueue(Path runsFolder, Supplier<Runners> runners, java.util.concurrent.Executor ui) {
        this(new SimpleObjectProperty<>(runsFolder), TrainingLauncher.inProcess(runners), ui, 1);
    }

    public ObservableList<RunJob> jobs() {
        return jobs;
    }

    /** Called on the UI thread when a job ends (completed, cancelled or failed). */
    public void setOnFinished(Consumer<RunJob> onFinished) {
        this.onFinished = onFinished;
    }

    /**
     * Queues the runs of {@code spec}, one job each ({@link RunSpec#perRun}: a hard MoE makes one per K; they run one
     * after the other and the later ones copy the trunk the first trained, so it is trained once). They start when a
     * worker is free.
     */
    public List<RunJob> submit(RunSpec spec) {
        List<RunJob> added = new java.util.ArrayList<>();
        Path folder = runsFolder.get();
        for (RunSpec one : spec.perRun()) {
            RunJob job = new RunJob(one);
            jobs.add(job);
            added.add(job);
            workers.submit(() -> run(job, folder));
        }
        return added;
    }

    /**
     * Queues a study ({@code moe sweep} from the app): one row per task (setting and seed), followed through the study
     * folder. On this machine it takes the queue's worker like any training (one training at a time, so a study and a
     * designer run never share the cores); on Spark it starts at once, and the cluster schedules its tasks.
     *
     * @throws org.moeworkbench.engine.study.InvalidSweepException      the varied settings or seeds are refused
     * @throws org.moeworkbench.engine.config.InvalidConfigException a setting makes an invalid config
     */
    public List<RunJob> submitStudy(StudyRequest request, StudyLauncher launcher) {
        SweepPlan plan = request.plan();
        CancellationToken cancel = new CancellationToken();
        String study = request.studyDir().getFileName().toString();
        List<RunJob> rows = new java.util.ArrayList<>();
        for (SweepPlan.Setting setting : plan.settings()) {
            String label = SweepPlan.describe(plan.axes(), setting.values(), setting.seed());
            rows.add(RunJob.studyTask(setting.config(), study + ": " + label, request, cancel));
        }
        jobs.addAll(rows);
        StudyRows followed = new StudyRows(ui, request.studyDir(), rows).onFinished(this::finish);
        Runnable work = () -> runStudy(request, launcher, followed, cancel);
        if (request.onSpark()) {
            Thread driver = new Thread(work, "moe-study-" + study);
            driver.setDaemon(true);
            driver.start();
        } else {
            workers.submit(work);
        }
        return rows;
    }

    private void runStudy(StudyRequest request, StudyLauncher launcher, StudyRows followed, CancellationToken cancel) {
        if (cancel.isCancelled()) {
            followed.endRest(RunStatus.CANCELLED, "cancelled before it started");
            return;
        }
        ui.post(() -> followed.rows().forEach(job -> {
            if (!job.cancellation().isCancelled()) {
                job.message().set(request.onSpark() ? "starting the Spark driver..." : "starting the study...");
            }
        }));
        var poll = studyWatcher.scheduleWithFixedDelay(followed::update, 0, 2, java.util.concurrent.TimeUnit.SECONDS);
        StudyLauncher.Outcome outcome;
        try {
            outcome = launcher.run(request, cancel);
        } catch (IOException | RuntimeException | Error e) {
            outcome = new StudyLauncher.Outcome(2, "could not start: " + e.getMessage());
        } finally {
            poll.cancel(false);
        }
        followed.update();
        boolean cancelled = outcome.exitCode() == StudyLauncher.Outcome.CANCELLED;
        followed.endRest(
                cancelled ? RunStatus.CANCELLED : RunStatus.FAILED,
                cancelled ? "the study was cancelled; start it again to continue" : outcome.message());
    }

    private final java.util.concurrent.ScheduledExecutorService studyWatcher =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "moe-study-rows");
                t.setDaemon(true);
                return t;
            });

    /** Cancels a queued job at once, a running one after its current step; a study's task cancels its study. */
    public void cancel(RunJob job) {
        job.cancellation().cancel();
        if (job.study() != null) {
            job.message().set("cancelling the study after the current step...");
            return;
        }
        if (job.attachedHolder() != null && job.status().get() == RunJob.Status.RUNNING) {
            // a training this window did not start: ask its process to stop (SIGTERM; it stops after the step)
            RunLock.localPid(job.attachedHolder())
                    .ifPresentOrElse(
                            pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy),
                            () -> job.message()
                                    .set("cannot cancel: it runs on another machine (" + job.attachedHolder() + ")"));
        }
        if (job.status().get() == RunJob.Status.QUEUED) {
            job.status().set(RunJob.Status.CANCELLED);
            job.message().set("cancelled before it started");
        } else if (job.status().get() == RunJob.Status.RUNNING) {
            job.message().set("cancelling after the current step...");
        }
    }

    /** Drops finished jobs from the list (their run directories stay). */
    public void clearFinished() {
        jobs.removeIf(j -> j.status().get().finished());
    }

    private void run(RunJob job, Path folder) {
        if (job.cancellation().isCancelled()) {
            return;
        }
        ui.post(() -> {
            job.status().set(RunJob.Status.RUNNING);
            job.message().set("preparing the data and building the network...");
        });
        try {
            Ending ending = launcher.train(
                    job.spec(),
                    folder,
                    dir -> ui.post(() -> job.runDir().set(dir)),
                    new JobListener(job),
                    job.cancellation());
            // a run's own summary (a hard MoE: the p@1 of its models), else its headline accuracy
            String summary = ending.status() != RunStatus.COMPLETED
                    ? ending.message()
                    : ending.message().isBlank()
                            ? "completed: test accuracy "
                                    + org.moeworkbench.engine.analysis.Percent.shortText(ending.accuracy())
                            : "completed: " + ending.message();
            finish(job, ending.status(), summary);
        } catch (IOException | RuntimeException | Error e) {
            finish(job, RunStatus.FAILED, "could not start: " + e.getMessage());
        }
    }

    /** Shows how a run ended (on the UI thread): its status, the ETA cleared, and a one-line message. */
    private void finish(RunJob job, RunStatus status, String message) {
        ui.post(() -> {
            job.eta().set("");
            switch (status) {
                case COMPLETED -> {
                    job.status().set(RunJob.Status.COMPLETED);
                    job.progress().set(1);
                }
                case CANCELLED -> job.status().set(RunJob.Status.CANCELLED);
                default -> job.status().set(RunJob.Status.FAILED);
            }
            job.message().set(message);
            onFinished.accept(job);
        });
    }

    /**
     * The listener of one job, for every kind of run: computes progress and ETA on the worker, applies on the UI
     * thread. A dense or sparse training reports steps and epochs; a hard MoE reports stages and the steps and epochs
     * of its models: the trunk (and ensemble members) fill the first half of the bar by steps, the gater 0.5, the
     * experts 0.55 to 0.95 by experts finished, then evaluation. Experts train on several threads, so that state is
     * guarded and every UI change goes through the batcher.
     */
    private final class JobListener implements TrainingListener {
        private final RunJob job;
        private long started;
        private long firstStep;
        private long totalSteps = 1;
        private final long pipelineStarted = System.nanoTime();
        private final java.util.concurrent.atomic.AtomicLong steps = new java.util.concurrent.atomic.AtomicLong();
        private volatile String stage = Stage.TRUNK.label();
        private volatile double fraction;

        JobListener(RunJob job) {
            this.job = job;
        }

        @Override
        public void runStarted(RunStarted event) {
            started = System.nanoTime();
            firstStep = event.firstStep();
            totalSteps = Math.max(1, event.totalSteps());
            String text = String.format(
                    java.util.Locale.ROOT,
                    "training: %d epochs x %d steps, %s params (%s active)",
                    event.epochs(),
                    event.stepsPerEpoch(),
                    Totals.count(event.params()),
                    Totals.count(event.paramsActive()));
            ui.post(() -> job.message().set(text));
        }

        @Override
        public void step(StepEvent event) {
            double fraction = Math.min(1.0, event.globalStep() / (double) totalSteps);
            double elapsed = (System.nanoTime() - started) / 1e9;
            long done = event.globalStep() - firstStep;
            double remaining = done <= 0 ? Double.NaN : elapsed / done * (totalSteps - event.globalStep());
            String eta = Double.isFinite(remaining) ? Totals.duration(remaining) : "";
            List<double[]> load = event.expertLoad() == null
                    ? List.of()
                    : event.expertLoad().stream().map(double[]::clone).toList();
            List<org.moeworkbench.engine.moe.RoutingHealth> health = event.health();
            ui.post(() -> {
                job.progress().set(fraction);
                job.eta().set(eta);
                if (!health.isEmpty()) {
                    job.health().set(health);
                }
                job.loss().add(new CurvePoint(event.globalStep(), event.loss()));
                job.auxLoss().add(new CurvePoint(event.globalStep(), event.auxLoss()));
                if (!load.isEmpty()) {
                    job.expertLoad().set(load);
                }
                if (!job.cancellation().isCancelled()) {
                    job.message().set("epoch " + event.epoch() + ", step " + event.globalStep() + " of " + totalSteps);
                }
            });
        }

        @Override
        public void alarm(org.moeworkbench.engine.moe.CollapseWatch.Alarm alarm) {
            ui.post(() -> job.alarms().add(alarm));
        }

        @Override
        public void epochEnd(EpochEvent event) {
            ui.post(() -> {
                job.trainLoss().add(new CurvePoint(event.epoch(), event.trainLoss()));
                if (Double.isFinite(event.validationAccuracy())) {
                    job.validationAccuracy().add(new CurvePoint(event.epoch(), event.validationAccuracy()));
                }
            });
        }

        @Override
        public void routingWritten(int epoch, Path header) {
            ui.post(() -> {
                job.lastRoutingHeader().set(header);
                job.routingSnapshots().set(job.routingSnapshots().get() + 1);
            });
        }

        @Override
        public void finished(TestEvent event) {
            ui.post(() -> job.testAccuracy().set(event.testAccuracy()));
        }

        private void progress(double value) {
            fraction = Math.max(fraction, Math.min(1.0, value));
            double f = fraction;
            double elapsed = (System.nanoTime() - pipelineStarted) / 1e9;
            String eta = f > 0.02 ? Totals.duration(elapsed / f * (1 - f)) : "";
            ui.post(() -> {
                job.progress().set(f);
                job.eta().set(eta);
            });
        }

        @Override
        public void stage(Stage next, String detail) {
            String name = next.label();
            stage = name;
            switch (next) {
                case CLUSTERING -> progress(0.5);
                case EXPERTS -> progress(0.55);
                case EVALUATION -> {
                    if (fraction > 0) { // a hard MoE's pipeline; a training's bar is driven by its steps
                        progress(0.95);
                    }
                }
                default -> {}
            }
            ui.post(() -> {
                if (!job.cancellation().isCancelled()) {
                    job.message().set(name + ": " + detail);
                }
            });
        }

        @Override
        public void modelStep(String model, int epoch, int batch, int batches, double loss) {
            long n = steps.incrementAndGet();
            int members = job.spec() instanceof HardMoeConfig hard ? Math.max(1, hard.ensembleSize()) : 1;
            int epochs = Math.max(1, job.spec().training().epochs());
            if (model.equals("trunk") || model.startsWith("ensemble")) {
                int member = model.equals("trunk") ? 0 : parseMember(model);
                double withinMember = ((epoch - 1) + batch / (double) Math.max(1, batches)) / epochs;
                progress(0.5 * (member + Math.min(1, withinMember)) / members);
            }
            ui.post(() -> {
                job.loss().add(new CurvePoint(n, loss));
                if (!job.cancellation().isCancelled()) {
                    job.message().set(stage + ": " + model + " epoch " + epoch + ", batch " + batch + " of " + batches);
                }
            });
        }

        private int parseMember(String model) {
            try {
                return Integer.parseInt(model.substring(model.indexOf('-') + 1));
            } catch (RuntimeException e) {
                return 0;
            }
        }

        @Override
        public void modelEpoch(
                String model, int epoch, int maxEpochs, double trainLoss, Double validationLoss, boolean best) {
            if (model.equals("trunk")) {
                ui.post(() -> job.trainLoss().add(new CurvePoint(epoch, trainLoss)));
            }
        }

        @Override
        public void expertFinished(ExpertEvent event) {
            int done = event.done();
            int total = event.total();
            progress(0.55 + 0.4 * done / Math.max(1, total));
            ui.post(() -> {
                if (!job.cancellation().isCancelled()) {
                    job.message().set("experts: " + done + " of " + total + " finished");
                }
            });
        }

        @Override
        public void info(String text) {
            ui.post(() -> {
                if (!job.cancellation().isCancelled()) {
                    job.message().set(text);
                }
            });
        }
    }

    /**
     * The app is closing: queued jobs are dropped; running trainings are asked to stop unless they run in processes of
     * their own, which go on (a restarted app attaches to them).
     */
    @Override
    public void close() {
        jobs.forEach(j -> {
            if (!launcher.outlivesTheApp() || j.status().get() == RunJob.Status.QUEUED) {
                j.cancellation().cancel();
            }
        });
        attached.close();
        studyWatcher.shutdownNow();
        workers.shutdown();
    }

    /**
     * Adds a job for every run in the runs folder that another process is writing now (a training started by an
     * earlier window of the app, or {@code moe train} in a terminal) and follows it until the writer lets go of the
     * run (see {@link AttachedRuns}). Runs already in the queue are skipped. Returns the jobs added.
     */
    public List<RunJob> attachRunning() {
        java.util.Set<Path> known = new java.util.HashSet<>();
        jobs.forEach(j -> {
            if (j.runDir().get() != null) {
                known.add(j.runDir().get().toAbsolutePath());
            }
        });
        List<RunJob> added = attached.attach(runsFolder.get(), known);
        jobs.addAll(added);
        return added;
    }
}
