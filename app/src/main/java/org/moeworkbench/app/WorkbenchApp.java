package org.moeworkbench.app;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.moeworkbench.app.common.BackgroundTasks;
import org.moeworkbench.app.compare.CompareView;
import org.moeworkbench.app.designer.DesignerModel;
import org.moeworkbench.app.designer.DesignerView;
import org.moeworkbench.app.help.HelpView;
import org.moeworkbench.app.pareto.ParetoModel;
import org.moeworkbench.app.pareto.ParetoView;
import org.moeworkbench.app.process.ChildProcessLauncher;
import org.moeworkbench.app.process.ChildStudyLauncher;
import org.moeworkbench.app.process.SparkBuild;
import org.moeworkbench.app.queue.QueueView;
import org.moeworkbench.app.queue.RunJob;
import org.moeworkbench.app.queue.RunQueue;
import org.moeworkbench.app.queue.StudyLauncher;
import org.moeworkbench.app.queue.StudyRequest;
import org.moeworkbench.app.queue.TrainingLauncher;
import org.moeworkbench.app.routing.LiveRoutingModel;
import org.moeworkbench.app.routing.LiveRoutingView;
import org.moeworkbench.app.run.RunModel;
import org.moeworkbench.app.run.RunView;
import org.moeworkbench.app.runs.RunsBrowserModel;
import org.moeworkbench.app.runs.RunsFolder;
import org.moeworkbench.app.runs.RunsView;
import org.moeworkbench.app.study.RunTarget;
import org.moeworkbench.app.study.RunTargetPane;
import org.moeworkbench.app.study.StudyFormModel;
import org.moeworkbench.app.study.StudyResultsModel;
import org.moeworkbench.app.study.StudyView;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.launch.Runners;

/**
 * The workbench window: Designer, Queue (live curves), Live routing, Runs, Compare, Run views and Pareto.
 * Opens on the default config on the embedded sample data; the first-run path is Train -> curves -> views.
 */
public final class WorkbenchApp extends Application {
    private final ObjectProperty<Path> runsFolder = new SimpleObjectProperty<>();
    private DesignerModel designer;
    private RunQueue queue;
    private RunsBrowserModel runs;
    private TabPane tabs;
    private RunView runView;
    private RunsView runsView;
    private CompareView compareView;
    private ParetoView paretoView;
    private LiveRoutingView liveRouting;
    private QueueView queueView;
    private StudyView studyView;
    private StudyResultsModel studyResults;
    private RunTarget runTarget;
    private Timeline watcher;

    /** The launcher's constructor: the runs folder comes from --runs, $MOE_RUNS_DIR or ~/moe-runs. */
    public WorkbenchApp() {}

    /** A workbench on a given runs folder (tests). */
    public WorkbenchApp(Path runsFolder) {
        this.runsFolder.set(runsFolder);
    }

    @Override
    public void start(Stage stage) {
        if (runsFolder.get() == null) {
            List<String> args =
                    getParameters() == null ? List.of() : getParameters().getRaw();
            runsFolder.set(RunsFolder.resolve(args, System.getenv(), System.getProperty("user.home")));
        }
        // the one place background work of the views runs: daemon threads, results on the UI thread
        BackgroundTasks tasks = BackgroundTasks.daemonThreads(Platform::runLater);
        designer = new DesignerModel(tasks);
        // each training in a process of its own, so closing or a crash of this window does not end it
        TrainingLauncher launcher = ChildProcessLauncher.ifAvailable();
        queue = new RunQueue(
                runsFolder,
                launcher != null ? launcher : TrainingLauncher.inProcess(Runners::standard),
                Platform::runLater,
                1);
        runs = new RunsBrowserModel(runsFolder, tasks);
        runs.speeds().addListener((obs, old, now) -> designer.speeds().set(now));

        queueView = new QueueView(queue);
        java.util.prefs.Preferences preferences = org.moeworkbench.app.fx.Themes.preferences();
        runTarget = RunTarget.remembered(preferences);
        StudyLauncher studyLauncher = launcher != null
                ? new ChildStudyLauncher(Path.of(System.getProperty("java.home"), "bin", "java"), SparkBuild::find)
                : StudyLauncher.inProcess(Runners::standard);
        DesignerView designerView = new DesignerView(designer, spec -> {
            if (runTarget.onSpark().get()) {
                trainOnSpark(spec, studyLauncher);
                return;
            }
            boolean sameNameWaiting = queue.jobs().stream()
                    .anyMatch(j -> j.name().get().equals(spec.name())
                            && !j.status().get().finished());
            if (sameNameWaiting
                    && !org.moeworkbench.app.fx.Dialogs.confirm(
                            "Queue it again?",
                            "A run named " + spec.name() + " is already queued or training. Queue another run with"
                                    + " the same name (each run gets its own folder)?",
                            "Queue another")) {
                return;
            }
            queue.submit(spec);
            select("Queue");
        });
        designerView.showRunTarget(new RunTargetPane(runTarget, SparkBuild::find, "designer"));
        studyResults = new StudyResultsModel(tasks);
        studyView = new StudyView(
                new StudyFormModel(),
                studyResults,
                () -> designer.valid() ? designer.spec() : null,
                runsFolder::get,
                runTarget,
                SparkBuild::find,
                request -> {
                    queue.submitStudy(request, studyLauncher);
                    studyResults.rescan(runsFolder.get(), request.studyDir());
                    select("Queue");
                });
        runView = new RunView(new RunModel(tasks));
        compareView = new CompareView();
        paretoView = new ParetoView(new ParetoModel(tasks));
        runsView = new RunsView(runs, this::refreshRuns, this::openRun, this::compare, this::pareto);
        liveRouting = new LiveRoutingView(new LiveRoutingModel(tasks, queueView.selected()));
        queue.setOnFinished(job -> {
            refreshRuns();
            if (job.study() != null) {
                studyResults.rescan(runsFolder.get(), job.study().studyDir());
            }
            // a study's tasks end one after another: the Runs tab lists them, without jumping to each
            if (job.status().get() == RunJob.Status.COMPLETED && job.runDir().get() != null && job.study() == null) {
                openRun(RunSummary.readRow(job.runDir().get()));
            }
        });
        queue.jobs().addListener((javafx.collections.ListChangeListener<RunJob>) c -> refreshRuns());
        queue.attachRunning(); // trainings an earlier window (or a terminal) started and that still run

        tabs = new TabPane(
                tab("Designer", designerView),
                tab("Study", studyView),
                tab("Queue", queueView),
                tab("Live routing", liveRouting),
                tab("Runs", runsView),
                tab("Compare", compareView),
                tab("Run", runView),
                tab("Pareto", paretoView));
        tabs.setId("main-tabs");
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && now.getText().equals("Study")) {
                studyView.check(); // the designer's config may have changed
                studyResults.rescan(runsFolder.get(), null);
            }
        });
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        Label title = new Label("MoE Workbench");
        title.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");
        Label folder = new Label();
        folder.textProperty().bind(runsFolder.asString("runs folder: %s"));
        Button change = new Button("Change runs folder...");
        change.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            File current = runsFolder.get().toFile();
            if (current.isDirectory()) {
                chooser.setInitialDirectory(current);
            }
            File chosen = chooser.showDialog(stage);
            if (chosen != null) {
                runsFolder.set(chosen.toPath());
                refreshRuns();
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HelpView help = new HelpView(uri -> getHostServices().showDocument(uri));
        org.moeworkbench.app.fx.Themes theme = org.moeworkbench.app.fx.Themes.initial(preferences);
        theme.apply();
        HBox top = new HBox(
                12, title, spacer, folder, change, org.moeworkbench.app.fx.Themes.chooser(preferences, theme), help);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(6, 10, 6, 10));
        BorderPane root = new BorderPane(tabs);
        root.setTop(top);

        stage.setTitle("MoE Workbench");
        // never larger than the screen (Monocle's headless screen is 1280x800 and refuses bigger windows)
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(root, Math.min(1560, screen.getWidth()), Math.min(960, screen.getHeight())));
        stage.getScene().getStylesheets().add(org.moeworkbench.app.fx.Themes.CHART_COLOURS);
        help.installShortcuts(stage.getScene(), this::select, this::refreshRuns);
        stage.focusedProperty().addListener((obs, old, now) -> {
            if (now) {
                refreshRuns();
            }
        });
        // new runs made by the CLI appear within a few seconds
        watcher = new Timeline(new KeyFrame(Duration.seconds(5), e -> refreshRuns()));
        watcher.setCycleCount(Timeline.INDEFINITE);
        watcher.play();
        refreshRuns();
        stage.show();
    }

    @Override
    public void stop() {
        if (watcher != null) {
            watcher.stop();
        }
        if (queue != null) {
            queue.close();
        }
    }

    /**
     * Train on Spark from the designer: a study of one run (the config's own seed) in a folder of its own in the runs
     * folder, trained by the Spark build; the queue follows it as any study. A hard MoE's experts go to Spark from the
     * CLI ({@code moe hardmoe --spark}); the app does not farm them yet.
     */
    private void trainOnSpark(org.moeworkbench.engine.config.RunSpec spec, StudyLauncher studyLauncher) {
        if (spec.kind() == org.moeworkbench.engine.config.RunKind.HARD_MOE) {
            org.moeworkbench.app.fx.Dialogs.inform(
                    "Hard MoE on Spark",
                    "The app trains hard MoEs on this machine only. On a cluster, run: java -jar"
                            + " spark/target/moe-spark.jar hardmoe --config CONFIG --spark MASTER (its experts are"
                            + " Spark tasks), or choose \"this machine\".");
            return;
        }
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneId.systemDefault())
                .format(java.time.Instant.now());
        StudyRequest request = new StudyRequest(
                spec,
                List.of(),
                "1",
                runsFolder.get().resolve(spec.name() + "-spark-" + stamp),
                runTarget.sparkMaster());
        String problem = runTarget.problem();
        if (!problem.isEmpty()) {
            org.moeworkbench.app.fx.Dialogs.inform("Spark master", problem);
            return;
        }
        queue.submitStudy(request, studyLauncher);
        select("Queue");
    }

    /** Re-reads the runs folder off the UI thread and updates the table on it. */
    public void refreshRuns() {
        runs.rescan();
    }

    public void openRun(RunSummary run) {
        runView.show(RunSummary.readRow(run.dir()));
        select("Run");
    }

    public void compare(List<RunSummary> chosen) {
        compareView.show(chosen);
        select("Compare");
    }

    public void pareto(List<RunSummary> chosen) {
        paretoView.show(chosen);
        select("Pareto");
    }

    /** Shows a main tab by its name (Designer, Study, Queue, Live routing, Runs, Compare, Run, Pareto). */
    public void select(String name) {
        tabs.getTabs().stream()
                .filter(t -> t.getText().equals(name))
                .findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    private static Tab tab(String name, javafx.scene.Node content) {
        Tab tab = new Tab(name, content);
        tab.setId("tab-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        return tab;
    }

    public DesignerModel designer() {
        return designer;
    }

    public RunQueue queue() {
        return queue;
    }

    public RunsBrowserModel runs() {
        return runs;
    }

    public QueueView queueView() {
        return queueView;
    }

    public LiveRoutingView liveRouting() {
        return liveRouting;
    }

    public CompareView compareView() {
        return compareView;
    }

    public ParetoView paretoView() {
        return paretoView;
    }

    public StudyView studyView() {
        return studyView;
    }

    public StudyResultsModel studyResults() {
        return studyResults;
    }

    public RunTarget runTarget() {
        return runTarget;
    }

    public RunView runView() {
        return runView;
    }

    public ObjectProperty<Path> runsFolder() {
        return runsFolder;
    }
}
