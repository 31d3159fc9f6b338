package org.moeworkbench.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.moeworkbench.app.queue.RunJob;
import org.moeworkbench.app.runs.RunsBrowserModel;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.TrainingConfig;

/**
 * Takes the README screenshots of the real app under Xvfb: it drives the workbench through its first-run
 * path (designer -> Train -> live curves and routing -> run views -> runs, compare, Pareto) and calls
 * ImageMagick's {@code import -window root} at each step. Not a test; run by hand:
 * {@code xvfb-run -a -s "-screen 0 1600x1000x24" java -cp app/target/moe-app.jar:app/target/test-classes
 * org.moeworkbench.app.ScreenshotTourMain RUNS_DIR OUT_DIR [sampleImages epochs | designer | browse | hard | designer-hard | crash | attach]}.
 */
public final class ScreenshotTour extends Application {
    private static Path runs;
    private static Path out;
    private static int sampleImages;
    private static int epochs;
    private static boolean designerOnly;
    private static boolean browseOnly;
    private static boolean hardOnly;
    private static boolean hardDesigner;
    /** designer-hard N: also trains a tiny hard MoE on N sample images through the Train button. */
    private static String sampleImagesArg;

    /**
     * "crash": trains through the queue (in a child process), shoots the queue, then hangs so the caller can kill -9
     * this JVM; "attach": a restarted window that shoots the queue with the attached training, then its end.
     */
    private static String crashMode;
    /** "health CONFIG": trains CONFIG through the queue, shoots the health alarm, then the what-if panel. */
    private static Path healthConfig;

    /** "study CONFIG MASTER": a study of CONFIG (experts 2,4 x 2 seeds) from the Study tab on MASTER ("here": locally). */
    private static Path studyConfig;

    private static String studyMaster;
    /** "study CONFIG MASTER cancel": cancels the study from the queue once its tasks train. */
    private static boolean studyCancel;

    private WorkbenchApp app;
    private TabPane mainTabs;

    public static void main(String[] args) {
        runs = Path.of(args[0]);
        out = Path.of(args[1]);
        designerOnly = args.length > 2 && args[2].equals("designer");
        browseOnly = args.length > 2 && args[2].equals("browse");
        hardOnly = args.length > 2 && args[2].equals("hard");
        hardDesigner = args.length > 2 && args[2].equals("designer-hard");
        crashMode = args.length > 2 && (args[2].equals("crash") || args[2].equals("attach")) ? args[2] : null;
        if (args.length > 4 && args[2].equals("study")) {
            studyConfig = Path.of(args[3]);
            studyMaster = args[4];
            studyCancel = args.length > 5 && args[5].equals("cancel");
            launch(ScreenshotTour.class);
            return;
        }
        if (args.length > 3 && args[2].equals("health")) {
            healthConfig = Path.of(args[3]);
            launch(ScreenshotTour.class);
            return;
        }
        sampleImagesArg = hardDesigner && args.length > 3 ? args[3] : null;
        sampleImages =
                args.length > 2 && !designerOnly && !browseOnly && !hardOnly && !hardDesigner && crashMode == null
                        ? Integer.parseInt(args[2])
                        : 10_000;
        epochs = args.length > 3 && !hardDesigner && crashMode == null ? Integer.parseInt(args[3]) : 5;
        if (crashMode != null) { // a short run: it must still be training when the window is killed
            sampleImages = 3000;
            epochs = 4;
        }
        launch(ScreenshotTour.class);
    }

    @Override
    public void start(Stage stage) {
        app = new WorkbenchApp(runs);
        app.start(stage);
        // "Run on" is remembered: a Spark study tour before must not send this tour's Train to Spark
        app.runTarget().onSpark().set(false);
        stage.setX(0);
        stage.setY(0);
        mainTabs = (TabPane) stage.getScene().lookup("#main-tabs");
        Thread tour = new Thread(
                () -> {
                    try {
                        tour();
                    } catch (Exception e) {
                        e.printStackTrace();
                    } finally {
                        Platform.runLater(() -> {
                            app.stop();
                            Platform.exit();
                        });
                    }
                },
                "tour");
        tour.setDaemon(true);
        tour.start();
    }

    private void tour() throws Exception {
        Files.createDirectories(out);
        pause(20); // a loaded machine takes a while to paint the first frame
        if (hardOnly) {
            RunSummary hard = scan().stream()
                    .filter(r -> r.kind() == org.moeworkbench.engine.config.RunKind.HARD_MOE)
                    .findFirst()
                    .orElseThrow();
            fx(() -> {
                app.openRun(hard);
                return null;
            });
            waitFor(() -> app.runView().hardFigures() != null, 600);
            String[] names = {"16-hardmoe-cluster-images", "17-hardmoe-tags-over-clusters", "18-hardmoe-cluster-sizes"};
            shootRunTabs(names, 4);
            return;
        }
        if (browseOnly) {
            browse();
            return;
        }
        if (healthConfig != null) {
            healthAndWhatIf();
            return;
        }
        if (studyConfig != null) {
            study();
            return;
        }
        if ("attach".equals(crashMode)) {
            fx(() -> {
                app.select("Queue");
                return null;
            });
            RunJob attached = fx(() -> app.queue().jobs().stream()
                    .filter(j -> j.attachedHolder() != null)
                    .findFirst()
                    .orElseThrow());
            System.out.println("tour: attached " + attached.runDir().get() + " held by " + attached.attachedHolder());
            waitFor(() ->
                    attached.trainLoss().size() >= 1 || attached.status().get().finished());
            pause(3);
            shot("20-queue-attached-after-ui-crash");
            waitFor(() -> attached.status().get().finished());
            pause(3);
            System.out.println("tour: attached run ended: " + attached.status().get() + ", "
                    + attached.message().get());
            shot("21-queue-attached-run-finished");
            return;
        }
        if (hardDesigner) {
            fx(() -> {
                app.designer().family().set(org.moeworkbench.app.designer.DesignerModel.HARD);
                return null;
            });
            pause(3);
            shot("19-designer-hardmoe");
            if (sampleImagesArg != null) {
                // a tiny hard MoE trained through the Train button: queue, then its cluster views in the Run tab
                fx(() -> {
                    var d = app.designer();
                    java.util.Map.of(
                                    "clusters",
                                    "2",
                                    "pcaDims",
                                    "8",
                                    "expertEpochs",
                                    "1",
                                    "ensembleSize",
                                    "0",
                                    "qSamples",
                                    "200",
                                    "threads",
                                    "1",
                                    "data.sampleImages",
                                    sampleImagesArg,
                                    "data.imageSize",
                                    "16",
                                    "model.dims",
                                    "8",
                                    "training.epochs",
                                    "1")
                            .forEach((k, v) -> d.value(k).set(v));
                    ((javafx.scene.control.Button) mainTabs.getScene().lookup("#train")).fire();
                    return null;
                });
                pause(5);
                shot("20-queue-hardmoe");
                waitFor(() -> app.runView().hardFigures() != null, 600);
                pause(4);
                shot("21-run-hardmoe");
            }
            return;
        }
        shot("01-designer");
        fx(() -> {
            app.designer().value("moe.topK").set("9");
            mainTabs.getScene().lookup("#field-moe_topK").requestFocus();
            return null;
        });
        pause(2);
        shot("02-designer-invalid-field");
        if (designerOnly) {
            fx(() -> {
                app.designer().value("moe.topK").set("1");
                app.designer().applyPlacement("every2");
                return null;
            });
            pause(2);
            shot("01b-designer-every2");
            return;
        }
        ExperimentConfig base = ExperimentConfig.defaultSample();
        DataConfig d = base.data();
        TrainingConfig t = base.training();
        ExperimentConfig config = new ExperimentConfig(
                base.name(),
                base.seed(),
                new DataConfig(
                        d.source(),
                        d.format(),
                        d.imageSize(),
                        sampleImages,
                        d.sampleSeed(),
                        d.validationFraction(),
                        d.task(),
                        d.sampling(),
                        d.skipBadRecords()),
                base.augment(),
                base.model(),
                base.moe(),
                t.withEpochs(epochs));
        long started = System.nanoTime();
        RunJob job = fx(() -> {
            app.designer().load(config);
            app.select("Queue");
            return app.queue().submit(app.designer().config().get()).get(0);
        });
        if ("crash".equals(crashMode)) {
            waitFor(() -> job.loss().size() >= 3 || job.status().get().finished());
            pause(2);
            shot("19-queue-training-in-child-process");
            System.out.println(
                    "tour: training in a child process; run " + job.runDir().get() + "; app pid "
                            + ProcessHandle.current().pid() + " ready to be killed");
            Thread.sleep(Long.MAX_VALUE);
        }
        waitFor(() ->
                job.routingSnapshots().get() >= 1 && job.validationAccuracy().size() >= 1
                        || job.status().get().finished());
        // a 1-epoch run has ended by now: let it open its Run tab first, then go back to the queue
        waitFor(() -> !job.status().get().finished() || app.runView().figures() != null, 120);
        pause(2);
        fx(() -> {
            app.select("Queue");
            return null;
        });
        pause(3);
        shot("03-queue-live-curves");
        fx(() -> {
            app.select("Live routing");
            return null;
        });
        pause(15);
        shot("04-live-routing-jaccard");
        fx(() -> {
            app.liveRouting().figures().getSelectionModel().select(1);
            return null;
        });
        pause(3);
        shot("05-live-routing-images");
        fx(() -> {
            app.liveRouting().figures().getSelectionModel().select(2);
            return null;
        });
        pause(3);
        shot("06-live-routing-patches");
        waitFor(() -> job.status().get().finished());
        System.out.printf(
                "tour: training took %.1f s, status %s, %s%n",
                (System.nanoTime() - started) / 1e9,
                job.status().get(),
                job.message().get());
        waitFor(() -> app.runView().figures() != null);
        pause(3);
        String[] names = {
            "07-run-training-curves",
            "08-run-images-by-expert",
            "08b-run-routing-map",
            "09-run-jaccard",
            "10-run-expert-class",
            "11-run-experts-per-image-cdf"
        };
        shootRunTabs(names, 3);
        browse();
    }

    /**
     * The Study tab filled in (experts 2,4 x 2 seeds) and started on {@code studyMaster}, the queue while its tasks
     * train (and, if an executor is killed meanwhile, with a task on its second attempt), the queue when it ended and
     * the Runs tab with its runs.
     */
    private void study() throws Exception {
        ExperimentConfig config = org.moeworkbench.app.designer.DesignerModel.read(studyConfig);
        boolean here = studyMaster.equals("here");
        fx(() -> {
            app.designer().load(config);
            app.runTarget().onSpark().set(!here);
            if (!here) {
                app.runTarget().master().set(studyMaster);
            }
            app.select("Study");
            var scene = mainTabs.getScene();
            ((javafx.scene.control.TextField) scene.lookup("#study-values-1")).setText("2,4");
            ((javafx.scene.control.TextField) scene.lookup("#study-seeds")).setText("2");
            ((javafx.scene.control.TextField) scene.lookup("#study-name")).setText(config.name() + "-e2-e4");
            return null;
        });
        pause(3);
        shot("40-study-form" + (here ? "" : "-spark"));
        long started = System.nanoTime();
        fx(() -> {
            ((javafx.scene.control.Button) mainTabs.getScene().lookup("#start-study")).fire();
            return null;
        });
        List<RunJob> rows = fx(() -> List.copyOf(app.queue().jobs()));
        waitFor(
                () -> rows.stream()
                                        .filter(r -> r.status().get() == RunJob.Status.RUNNING)
                                        .count()
                                >= (here ? 1 : 2)
                        && rows.stream().anyMatch(r -> r.progress().get() > 0.2),
                1800);
        pause(2);
        shot("41-queue-study-running" + (here ? "" : "-spark"));
        if (studyCancel) {
            fx(() -> {
                app.queue().cancel(rows.get(0));
                return null;
            });
            long asked = System.nanoTime();
            waitFor(() -> rows.stream().allMatch(r -> r.status().get().finished()), 600);
            System.out.printf("tour: study cancelled %.1f s after Cancel%n", (System.nanoTime() - asked) / 1e9);
            for (RunJob row : rows) {
                System.out.println("tour: " + row.name().get() + " | "
                        + row.status().get() + " | " + row.message().get());
            }
            pause(2);
            shot("45-queue-study-cancelled" + (here ? "" : "-spark"));
            return;
        }
        boolean[] retried = {false};
        waitFor(() -> {
            if (!retried[0] && rows.stream().anyMatch(r -> r.where().get().contains("attempt 2"))) {
                retried[0] = true;
                try {
                    pause(3);
                    shot("42-queue-study-spark-retry");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return rows.stream().allMatch(r -> r.status().get().finished());
        });
        System.out.printf("tour: study took %.1f s%n", (System.nanoTime() - started) / 1e9);
        for (RunJob row : rows) {
            System.out.println(
                    "tour: " + row.name().get() + " | " + row.status().get() + " | "
                            + row.where().get() + " | " + row.message().get());
        }
        pause(3);
        shot("43-queue-study-done" + (here ? "" : "-spark"));
        fx(() -> {
            app.refreshRuns();
            app.select("Runs");
            return null;
        });
        pause(5);
        shot("44-runs-with-study" + (here ? "" : "-spark"));
        fx(() -> {
            app.select("Study");
            return null;
        });
        waitFor(() -> app.studyResults().table().get() != null, 60);
        pause(4);
        shot("46-study-results" + (here ? "" : "-spark"));
        fx(() -> {
            app.pareto(List.copyOf(app.runs().runs()));
            return null;
        });
        pause(6);
        shot("47-pareto-study-seeds" + (here ? "" : "-spark"));
    }

    /** One screenshot per tab of the run view, in tab order, each {@code seconds} after the tab is chosen. */
    private void shootRunTabs(String[] names, int seconds) throws Exception {
        fx(() -> {
            app.select("Run"); // a short run ends before the live routing shots: its Run tab opened then
            return null;
        });
        for (int i = 0; i < names.length; i++) {
            int tab = i;
            fx(() -> {
                app.runView().tabs().getSelectionModel().select(tab);
                return null;
            });
            pause(seconds);
            shot(names[i]);
        }
    }

    /** Runs browser, compare and Pareto over the completed runs of the folder. */
    private void browse() throws Exception {
        // the dense CLI run of the same folder (moe train), if it has completed by now
        waitFor(
                () -> scan().stream()
                                        .filter(r -> r.status().equals("completed"))
                                        .count()
                                >= 2
                        || scan().stream().noneMatch(r -> r.status().equals("running")),
                1800); // or none still training: a folder of one run
        fx(() -> {
            app.refreshRuns();
            app.select("Runs");
            return null;
        });
        pause(4);
        shot("12-runs-browser");
        List<RunSummary> all =
                scan().stream().filter(r -> r.status().equals("completed")).toList();
        fx(() -> {
            app.compare(all);
            return null;
        });
        pause(4);
        shot("13-compare");
        boolean routingTab = fx(() -> app.compareView().selectRoutingTab());
        if (routingTab) {
            pause(3);
            shot("13-compare-hard-vs-soft-routing");
        }
        fx(() -> {
            app.pareto(all);
            return null;
        });
        pause(4);
        shot("14a-pareto-own-runs"); // the runs alone (a study with seeds: means with ± 1 std bars)
        fx(() -> {
            ((javafx.scene.control.CheckBox)
                            app.paretoView().lookupAll(".check-box").iterator().next())
                    .setSelected(true);
            return null;
        });
        pause(3);
        shot("14-pareto");
        // the run view of a sparse run, exported as CSV the way its button does after the folder dialog
        RunSummary sparse = all.stream()
                .filter(r -> r.experts() > 0 && !r.hardMoe())
                .findFirst()
                .orElse(null);
        if (sparse != null) {
            fx(() -> {
                app.openRun(sparse);
                return null;
            });
            waitFor(() -> app.runView().figures() != null, 600);
            Path exports = Files.createTempDirectory("moe-exports");
            fx(() -> {
                app.runView().model().export(org.moeworkbench.app.run.RunModel.ExportFormat.CSV, exports);
                return null;
            });
            waitFor(() -> app.runView().model().exportStatus().get().startsWith("Wrote"), 120);
            pause(3);
            shot("15-run-view-exported-csv");
            fx(() -> {
                app.runView().tabs().getSelectionModel().select(2); // Routing map
                return null;
            });
            pause(4);
            shot("15b-run-routing-map");
        }
        // the Help menu (About, shortcuts, docs) open over the window; the theme chooser beside it
        fx(() -> {
            ((javafx.scene.control.MenuButton) mainTabs.getScene().lookup("#help-menu")).show();
            return null;
        });
        pause(2);
        shot("16-help-menu");
        fx(() -> {
            ((javafx.scene.control.MenuButton) mainTabs.getScene().lookup("#help-menu")).hide();
            return null;
        });
    }

    private List<RunSummary> scan() {
        try {
            return RunsBrowserModel.scan(runs);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** A run that loses an expert on purpose: the health strip's alarm, then the what-if panel on the finished run. */
    private void healthAndWhatIf() throws Exception {
        ExperimentConfig config = org.moeworkbench.engine.config.ConfigJson.readExperiment(healthConfig);
        RunJob job = fx(() -> {
            app.designer().load(config);
            app.select("Queue");
            return app.queue().submit(app.designer().config().get()).get(0);
        });
        waitFor(() -> !job.alarms().isEmpty() || job.status().get().finished(), 1800);
        pause(3);
        shot("22-queue-health-alarm");
        fx(() -> {
            app.select("Live routing");
            return null;
        });
        pause(8);
        shot("23-live-routing-health-alarm");
        waitFor(() -> job.status().get().finished(), 1800);
        System.out.println("tour: " + job.status().get() + ", alarms " + job.alarms());
        RunSummary run = scan().stream()
                .filter(r -> r.dir().equals(job.runDir().get()))
                .findFirst()
                .orElseThrow();
        fx(() -> {
            app.openRun(run);
            return null;
        });
        waitFor(() -> app.runView().figures() != null, 600);
        pause(3);
        org.moeworkbench.app.run.WhatIfView view = fx(() -> {
            TabPane tabs = app.runView().tabs();
            javafx.scene.control.Tab tab = tabs.getTabs().stream()
                    .filter(t -> t.getText().equals("What-if"))
                    .findFirst()
                    .orElseThrow();
            tabs.getSelectionModel().select(tab);
            return (org.moeworkbench.app.run.WhatIfView) tab.getContent();
        });
        pause(4);
        shot("24-whatif-before");
        org.moeworkbench.app.run.WhatIfModel model = view.model();
        var layers = model.trained().analysis().layers();
        int layer = layers.size() - 1;
        double[] load = layers.get(layer).load();
        int busiest = 0;
        for (int e = 1; e < load.length; e++) {
            busiest = load[e] > load[busiest] ? e : busiest;
        }
        int expert = busiest;
        fx(() -> {
            model.state(layer, expert).set(org.moeworkbench.app.run.WhatIfModel.ExpertState.OFF);
            model.wholeTestSplit().set(true);
            model.evaluate();
            return null;
        });
        waitFor(() -> model.result().get() != null && !model.running().get(), 600);
        pause(4);
        System.out.println("tour: what-if " + model.status().get());
        shot("25-whatif-after-expert-off");
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get();
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        waitFor(condition, 4 * 3600);
    }

    private static void waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(1000);
        }
    }

    private static void pause(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }

    private static void shot(String name) throws Exception {
        Path file = out.resolve(name + ".png");
        new ProcessBuilder("import", "-window", "root", file.toString())
                .inheritIO()
                .start()
                .waitFor();
        System.out.println("tour: " + file);
    }
}
