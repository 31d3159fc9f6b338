package org.moeworkbench.app.fx;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;
import org.moeworkbench.plots.Figure;
import org.moeworkbench.plots.FigureRenderer;

/** One figure of the plots module, interactive, with PNG and SVG export; extra controls go on its bar. */
public final class FigurePane extends BorderPane {
    public static final int EXPORT_WIDTH = 1200;
    public static final int EXPORT_HEIGHT = 800;

    private final HBox bar = new HBox(6);
    private Figure figure;
    private Node node;

    public FigurePane(Figure figure, Node... controls) {
        Button png = new Button("PNG...");
        png.setOnAction(e -> export("png"));
        Button svg = new Button("SVG...");
        svg.setOnAction(e -> export("svg"));
        bar.getChildren().addAll(controls);
        bar.getChildren().addAll(png, svg);
        bar.setPadding(new Insets(2));
        setTop(bar);
        setFigure(figure);
        getStyleClass().add("figure-pane");
    }

    public Figure figure() {
        return figure;
    }

    public void setFigure(Figure next) {
        figure = next;
        if (node == null) {
            node = FigureNodes.node(next);
            setCenter(node);
        } else {
            FigureNodes.show(node, next);
        }
    }

    /** Writes the figure as PNG or SVG at the export size. */
    public void write(Path file, String format) throws IOException {
        if (format.equals("svg")) {
            FigureRenderer.svg(figure, file, EXPORT_WIDTH, EXPORT_HEIGHT);
        } else {
            FigureRenderer.png(figure, file, EXPORT_WIDTH, EXPORT_HEIGHT);
        }
    }

    private void export(String format) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(figure.id() + "." + format);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.toUpperCase(), "*." + format));
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            try {
                write(file.toPath(), format);
            } catch (IOException | RuntimeException e) {
                new Alert(Alert.AlertType.ERROR, "Could not write " + file + ": " + e.getMessage()).show();
            }
        }
    }
}
