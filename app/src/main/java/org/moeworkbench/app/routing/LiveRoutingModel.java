package org.moeworkbench.app.routing;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.moeworkbench.app.common.BackgroundTasks;
import org.moeworkbench.app.queue.RunJob;
import org.moeworkbench.app.run.RunFiguresModel;

/**
 * Live routing of one queued run: follows the run the queue has selected and, each time the engine writes a
 * routing snapshot, reads it in the background into a {@link RunFiguresModel} (re-using the open dataset).
 */
public final class LiveRoutingModel {
    private final BackgroundTasks tasks;
    private final StringProperty snapshot = new SimpleStringProperty("No routing snapshot yet.");
    private final ReadOnlyObjectWrapper<RunJob> job = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<RunFiguresModel> figures = new ReadOnlyObjectWrapper<>();
    /** Jobs whose snapshot count this model already listens to: selecting a job again adds no second listener. */
    private final java.util.Set<RunJob> listened = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    public LiveRoutingModel(BackgroundTasks tasks, ObjectProperty<RunJob> selected) {
        this.tasks = tasks;
        selected.addListener((obs, old, now) -> follow(now));
        follow(selected.get());
    }

    /** What the snapshot line says: none yet, reading, what was read, or why it could not be. */
    public StringProperty snapshot() {
        return snapshot;
    }

    /** The run followed (null until one is selected). */
    public ReadOnlyObjectProperty<RunJob> job() {
        return job.getReadOnlyProperty();
    }

    /** The newest snapshot's figures (null before one is read, and after another run is selected). */
    public ReadOnlyObjectProperty<RunFiguresModel> figures() {
        return figures.getReadOnlyProperty();
    }

    private void follow(RunJob next) {
        if (next == null) {
            return;
        }
        figures.set(null);
        job.set(next);
        if (listened.add(next)) {
            next.routingSnapshots().addListener((obs, old, now) -> {
                if (next == job.get()) {
                    loadSnapshot(next);
                }
            });
        }
        loadSnapshot(next);
    }

    private void loadSnapshot(RunJob followed) {
        if (followed.lastRoutingHeader().get() == null || followed.runDir().get() == null) {
            snapshot.set(
                    followed.config().moe().enabled()
                            ? "No routing snapshot yet: the engine writes one after"
                                    + " each epoch, and these views refresh then."
                            : "A dense model has no routing.");
            return;
        }
        String file = followed.lastRoutingHeader().get().getFileName().toString();
        String stem = file.substring(0, file.length() - ".json".length());
        snapshot.set("Reading routing snapshot " + stem + " ...");
        RunFiguresModel previous = figures.get();
        tasks.run(
                "live-routing",
                () -> previous == null ? RunFiguresModel.load(followed.runDir().get(), stem) : previous.reload(stem),
                read -> {
                    if (followed != job.get()) {
                        return;
                    }
                    snapshot.set("Routing snapshot " + stem + " (after epoch "
                            + read.analysis().epoch() + ", "
                            + read.analysis().images() + " analysis images); "
                            + snapshotCount(followed.routingSnapshots().get())
                            + " so far.");
                    figures.set(read);
                },
                e -> {
                    if (followed == job.get()) {
                        snapshot.set("Cannot read routing snapshot " + stem + ": " + e);
                    }
                });
    }

    static String snapshotCount(int count) {
        return count == 1 ? "1 snapshot" : count + " snapshots";
    }
}
