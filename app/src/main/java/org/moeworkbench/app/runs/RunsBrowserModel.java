package org.moeworkbench.app.runs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.moeworkbench.app.common.BackgroundTasks;
import org.moeworkbench.engine.analysis.RunSummary;

/** Every run in the runs folder, filterable; refresh re-reads the folder (runs made by the CLI appear too). */
public final class RunsBrowserModel {
    private final ObjectProperty<Path> folder;
    private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
    private final FilteredList<RunSummary> filtered = new FilteredList<>(runs, r -> true);
    private final StringProperty filter = new SimpleStringProperty("");

    private final ObjectProperty<MeasuredSpeeds> speeds = new SimpleObjectProperty<>(MeasuredSpeeds.NONE);
    private final AtomicBoolean scanning = new AtomicBoolean();
    private final BackgroundTasks tasks;

    public RunsBrowserModel(ObjectProperty<Path> folder, BackgroundTasks tasks) {
        this.folder = folder;
        this.tasks = tasks;
        filter.addListener((obs, old, now) -> {
            String needle = now == null ? "" : now.trim().toLowerCase(Locale.ROOT);
            filtered.setPredicate(r -> needle.isEmpty()
                    || Stream.of(needle.split("\\s+"))
                            .allMatch(word -> r.searchText().contains(word)));
        });
    }

    /** A browser that scans on the calling thread: for tests and tools (the app injects its tasks). */
    public RunsBrowserModel(Path folder) {
        this(new SimpleObjectProperty<>(folder), BackgroundTasks.currentThread());
    }

    /** How fast this machine trained each kind of model, from the runs found by the last {@link #rescan}. */
    public ObjectProperty<MeasuredSpeeds> speeds() {
        return speeds;
    }

    public ObjectProperty<Path> folder() {
        return folder;
    }

    public StringProperty filter() {
        return filter;
    }

    /** All runs, unfiltered. */
    public ObservableList<RunSummary> runs() {
        return runs;
    }

    /** The runs the filter lets through (every word must match). */
    public FilteredList<RunSummary> filtered() {
        return filtered;
    }

    /**
     * Reads the folder (call off the UI thread for big folders): its runs and the runs of the study folders in it
     * (folders with a study.json); newest first.
     */
    public static List<RunSummary> scan(Path root) throws IOException {
        List<RunSummary> found = new ArrayList<>();
        if (root == null || !Files.isDirectory(root)) {
            return found;
        }
        try (Stream<Path> children = Files.list(root)) {
            for (Path dir : children.sorted().toList()) {
                if (Files.isDirectory(dir) && org.moeworkbench.engine.run.RunDirectory.isRun(dir)) {
                    found.add(RunSummary.readRow(dir));
                } else if (org.moeworkbench.engine.study.StudyFile.exists(dir)) {
                    // a study started from the Study tab (or moe sweep --runs inside the runs folder): its runs too
                    try (Stream<Path> studyRuns = Files.list(dir)) {
                        for (Path run : studyRuns.sorted().toList()) {
                            if (Files.isDirectory(run) && org.moeworkbench.engine.run.RunDirectory.isRun(run)) {
                                found.add(RunSummary.readRow(run));
                            }
                        }
                    }
                }
            }
        }
        java.util.Collections.reverse(found);
        return found;
    }

    /** Replaces the rows (on the UI thread) keeping the list instance, so selections stay bound. */
    public void setRuns(List<RunSummary> scanned) {
        if (!scanned.equals(new ArrayList<>(runs))) {
            runs.setAll(scanned);
        }
    }

    public void refresh() throws IOException {
        setRuns(scan(folder.get()));
    }

    /**
     * Re-reads the folder in the background and then updates the rows and {@link #speeds}; a call while a scan
     * runs is dropped (the running one reads the newer state too). A folder that vanished or cannot be read keeps
     * the rows shown; the next rescan tries again.
     */
    public void rescan() {
        if (!scanning.compareAndSet(false, true)) {
            return;
        }
        Path root = folder.get();
        tasks.run(
                "runs-scan",
                () -> {
                    try {
                        List<RunSummary> found = scan(root);
                        // runs that logged an epoch tell how fast this machine trains each kind of model
                        return new Scan(
                                found,
                                MeasuredSpeeds.of(
                                        found.stream().map(RunSummary::dir).toList()));
                    } finally {
                        scanning.set(false);
                    }
                },
                scanned -> {
                    setRuns(scanned.runs());
                    if (!scanned.speeds().equals(speeds.get())) {
                        speeds.set(scanned.speeds());
                    }
                },
                e -> {});
    }

    private record Scan(List<RunSummary> runs, MeasuredSpeeds speeds) {}

    /** Deletes a run directory and everything in it; the caller has asked for confirmation. */
    public void delete(RunSummary run) throws IOException {
        Path root = folder.get().toAbsolutePath().normalize();
        Path dir = run.dir().toAbsolutePath().normalize();
        if (!dir.startsWith(root) || dir.equals(root) || !org.moeworkbench.engine.run.RunDirectory.isRun(dir)) {
            throw new IOException(dir + " is not a run directory inside " + root + "; not deleting it");
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
        runs.remove(run);
    }
}
