package org.moeworkbench.app.view;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import org.moeworkbench.app.viewmodel.RunSummary;

/**
 * The analysis figure tabs of a run. They come from the figures module (issue 5: engine analysis + plots
 * FigureRenderer / FigureNodes); the app computes no analysis of its own, so until that API is merged each
 * tab says what is missing.
 */
final class RunFigures {
    static final String MISSING = "Not available in this build: this view is drawn by the figures API (issue 5:"
            + " org.moeworkbench.engine.analysis + plots FigureNodes), which is not merged into the app yet."
            + " The app does not compute analysis of its own.";

    private RunFigures() {
    }

    static List<Tab> tabs(RunSummary run) {
        return List.of(missing("Cluster / expert images"), missing("Tags over clusters"), missing("Jaccard"),
                missing("Expert x class"), missing("Experts per image CDF"));
    }

    private static Tab missing(String name) {
        Label label = new Label(name + ": " + MISSING);
        label.setWrapText(true);
        label.setStyle("-fx-font-size: 14px; -fx-text-fill: #8a4b00;");
        return new Tab(name, label);
    }
}
