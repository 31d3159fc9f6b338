package org.moeworkbench.app.run;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.moeworkbench.app.common.BackgroundTasks;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.plots.RunFigures;
import org.moeworkbench.plots.export.RunExport;

/**
 * The run view's data: the run shown and its figures, read in the background (a hard-MoE run's own figures,
 * else the sparse / dense run's analysis); a run opened while another still loads wins.
 */
public final class RunModel {
    private final BackgroundTasks tasks;
    private final ReadOnlyObjectWrapper<RunSummary> shown = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RunFiguresModel> figures = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<HardRunFiguresModel> hardFigures = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper exportStatus = new ReadOnlyStringWrapper("");

    /** What {@link #export} writes: TensorBoard event files or every figure's data as CSV. */
    public enum ExportFormat {
        TENSORBOARD,
        CSV
    }

    /** Where the run view's background work runs (the what-if panel's evaluations too). */
    public BackgroundTasks tasks() {
        return tasks;
    }

    public RunModel(BackgroundTasks tasks) {
        this.tasks = tasks;
    }

    public ReadOnlyObjectProperty<RunSummary> shown() {
        return shown.getReadOnlyProperty();
    }

    /** The loaded figures of a sparse or dense run (null while loading, and for a hard-MoE run). */
    public ReadOnlyObjectProperty<RunFiguresModel> figures() {
        return figures.getReadOnlyProperty();
    }

    /** The loaded figures of a hard-MoE run (null while loading, and for other runs). */
    public ReadOnlyObjectProperty<HardRunFiguresModel> hardFigures() {
        return hardFigures.getReadOnlyProperty();
    }

    /** Why the shown run could not be read (empty while loading and after a good read). */
    public ReadOnlyStringProperty failure() {
        return failure.getReadOnlyProperty();
    }

    /** What the last export did or is doing: "Exporting ...", where the files went, or why it failed. */
    public ReadOnlyStringProperty exportStatus() {
        return exportStatus.getReadOnlyProperty();
    }

    /**
     * Writes the shown run under {@code dir/<run id>/} in the background, as {@code moe export} does, and says in
     * {@link #exportStatus} where the files went.
     */
    public void export(ExportFormat format, Path dir) {
        RunSummary run = shown.get();
        if (run == null) {
            exportStatus.set("Open a run first.");
            return;
        }
        exportStatus.set("Exporting " + run.id() + " to " + dir + " ...");
        RunFigures figures = new RunFigures(new RunFigures.Options(true, 12, List.of()));
        tasks.run(
                "export",
                () -> format == ExportFormat.TENSORBOARD
                        ? List.of(RunExport.tensorBoard(run, dir, figures))
                        : RunExport.csv(run, dir, figures),
                files -> exportStatus.set(
                        format == ExportFormat.TENSORBOARD
                                ? "Wrote " + files.get(0) + "  (tensorboard --logdir " + dir + ")"
                                : "Wrote " + files.size() + " files to " + dir.resolve(run.id())),
                e -> exportStatus.set("Export failed: " + e.getMessage()));
    }

    /** Reads the run's metrics, routing and dataset in the background. */
    public void show(RunSummary run) {
        figures.set(null);
        hardFigures.set(null);
        failure.set("");
        shown.set(run);
        if (run.kind() == RunKind.HARD_MOE) {
            load(run, () -> HardRunFiguresModel.load(run.dir()), hardFigures, "Cannot read the hard MoE run: ");
        } else {
            load(run, () -> RunFiguresModel.load(run.dir()), figures, "Cannot read the run: ");
        }
    }

    /** Reads in the background and shows what it read unless another run was chosen meanwhile. */
    private <T> void load(RunSummary run, Callable<T> read, ReadOnlyObjectWrapper<T> into, String failure) {
        tasks.run(
                "run-view",
                read,
                value -> {
                    if (shown.get() == run) {
                        into.set(value);
                    }
                },
                e -> fail(run, failure + e));
    }

    private void fail(RunSummary run, String message) {
        if (shown.get() == run) {
            failure.set(message);
        }
    }
}
