package org.moeworkbench.app.pareto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.moeworkbench.app.common.BackgroundTasks;
import org.moeworkbench.engine.analysis.RunSummary;

/**
 * The Pareto view's data: the engine's summaries of the chosen runs (a hard-MoE run gives its mixture and its
 * trunk), read in the background, and a line that says what was read.
 */
public final class ParetoModel {
    private final BackgroundTasks tasks;
    private final StringProperty info =
            new SimpleStringProperty("Select runs in the Runs tab and press Pareto (no selection: all shown runs).");
    private final ObjectProperty<List<RunSummary>> runs = new SimpleObjectProperty<>(List.of());
    private int request;

    public ParetoModel(BackgroundTasks tasks) {
        this.tasks = tasks;
    }

    public StringProperty info() {
        return info;
    }

    /** The runs drawn (empty before any are chosen). */
    public ObjectProperty<List<RunSummary>> runs() {
        return runs;
    }

    /** Reads the chosen runs in the background; a later call wins over an earlier one still reading. */
    public void show(List<RunSummary> chosen) {
        int mine = ++request;
        info.set("Reading " + chosen.size() + " runs...");
        tasks.run(
                "pareto",
                () -> read(chosen),
                read -> {
                    if (mine != request) {
                        return;
                    }
                    long scored = read.stream()
                            .filter(r -> !Double.isNaN(r.accuracy()))
                            .count();
                    info.set(read.size() + " runs read, " + scored + " with an accuracy (hard MoE: the mixture and"
                            + " its trunk, scored by p@1, in their own colours and outside the front).");
                    runs.set(read);
                },
                e -> info.set("Cannot read the runs: " + e.getMessage()));
    }

    /** The engine's summaries of the runs; a run that cannot be read is left out (the info line counts them). */
    static List<RunSummary> read(List<RunSummary> chosen) {
        List<RunSummary> out = new ArrayList<>();
        for (RunSummary run : chosen) {
            try {
                out.addAll(RunSummary.readAny(run.dir()));
            } catch (IOException | RuntimeException e) {
                // left out; the info line says how many were read
            }
        }
        return out;
    }
}
