package org.moeworkbench.app.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.moeworkbench.app.common.BackgroundTasks;
import org.moeworkbench.engine.analysis.Percent;
import org.moeworkbench.engine.analysis.StudyTable;
import org.moeworkbench.engine.study.StudyFile;

/**
 * The Study tab's results: the study folders of the runs folder and the table of the chosen one, as {@code moe study}
 * prints it (test accuracy mean ± std and n per setting), read in the background.
 */
public final class StudyResultsModel {
    private final BackgroundTasks tasks;
    private final ObservableList<Path> studies = FXCollections.observableArrayList();
    private final ObjectProperty<Path> chosen = new SimpleObjectProperty<>();
    private final ObjectProperty<StudyTable> table = new SimpleObjectProperty<>();
    private final StringProperty info =
            new SimpleStringProperty("No study yet: start one above; its table shows here.");
    private int request;

    public StudyResultsModel(BackgroundTasks tasks) {
        this.tasks = tasks;
        chosen.addListener((obs, old, now) -> read());
    }

    /** Study folders (with a study.json) in the runs folder, by name. */
    public ObservableList<Path> studies() {
        return studies;
    }

    public ObjectProperty<Path> chosen() {
        return chosen;
    }

    /** The chosen study's table, or null. */
    public ObjectProperty<StudyTable> table() {
        return table;
    }

    public StringProperty info() {
        return info;
    }

    /** Lists the study folders of {@code runsFolder} again and re-reads the chosen one (or shows {@code show}). */
    public void rescan(Path runsFolder, Path show) {
        tasks.run(
                "studies",
                () -> list(runsFolder),
                found -> {
                    Path keep = show != null ? show : chosen.get();
                    studies.setAll(found);
                    if (keep != null && found.contains(keep)) {
                        if (keep.equals(chosen.get())) {
                            read();
                        } else {
                            chosen.set(keep);
                        }
                    } else if (!found.isEmpty()) {
                        chosen.set(found.get(found.size() - 1));
                    }
                },
                e -> info.set("Cannot list " + runsFolder + ": " + e.getMessage()));
    }

    static List<Path> list(Path runsFolder) throws IOException {
        if (runsFolder == null || !Files.isDirectory(runsFolder)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(runsFolder)) {
            return dirs.filter(StudyFile::exists).sorted().toList();
        }
    }

    private void read() {
        Path dir = chosen.get();
        if (dir == null) {
            return;
        }
        int mine = ++request;
        tasks.run(
                "study-table",
                () -> StudyTable.read(dir),
                read -> {
                    if (mine == request) {
                        table.set(read);
                        info.set(summary(read));
                    }
                },
                e -> {
                    if (mine == request) {
                        table.set(null);
                        info.set("Cannot read " + dir + ": " + e.getMessage());
                    }
                });
    }

    /** "4 runs of 2 settings x 2 seeds, 4 completed; error bars: one std over the seeds". */
    static String summary(StudyTable table) {
        int seeds = Math.max(1, table.seeds().size());
        long completed = table.cells().stream()
                .mapToLong(c -> table.seeds().isEmpty() ? (c.testAccuracy() == null ? 0 : 1) : c.completedSeeds())
                .sum();
        return String.format(
                Locale.ROOT,
                "%s: %d runs of %d settings x %d seed%s, %d completed%s (same table: moe study %s)",
                Path.of(table.dir()).getFileName(),
                table.cells().size() * seeds,
                table.cells().size(),
                seeds,
                seeds == 1 ? "" : "s",
                completed,
                table.seeds().size() > 1 ? "; error bars: one standard deviation over the seeds" : "",
                table.dir());
    }

    /** A cell's setting as the table's first column shows it. */
    public static String setting(StudyTable.Cell cell) {
        return cell.labels().isEmpty() ? "(the base config)" : String.join(", ", cell.labels());
    }

    /** "28.94%" or "-" before a run completed. */
    public static String mean(StudyTable.Cell cell) {
        return cell.testAccuracy() == null ? "-" : Percent.text(cell.testAccuracy());
    }

    /** "± 1.68" percentage points, or "" with fewer than two completed seeds. */
    public static String std(StudyTable.Cell cell) {
        return cell.testAccuracyStd() == null
                ? ""
                : String.format(Locale.ROOT, "\u00b1 %.2f", cell.testAccuracyStd() * 100);
    }

    /** "2/2": completed seeds of all. */
    public static String n(StudyTable table, StudyTable.Cell cell) {
        return table.seeds().isEmpty()
                ? (cell.testAccuracy() == null ? "0/1" : "1/1")
                : cell.completedSeeds() + "/" + table.seeds().size();
    }
}
