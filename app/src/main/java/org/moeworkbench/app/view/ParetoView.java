package org.moeworkbench.app.view;

import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import org.moeworkbench.app.viewmodel.RunSummary;

/** Accuracy against params (total or active) across the selected runs, drawn by the figures API. */
public final class ParetoView extends BorderPane {
    private final Label info = new Label("Select runs in the Runs tab and press Pareto.");

    public ParetoView() {
        info.setWrapText(true);
        setCenter(info);
        setPadding(new Insets(6));
    }

    public void show(List<RunSummary> runs) {
        info.setText(runs.size() + " runs chosen. The Pareto view: " + RunFigures.MISSING);
    }
}
