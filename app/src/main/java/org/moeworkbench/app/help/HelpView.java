package org.moeworkbench.app.help;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.moeworkbench.engine.run.EnvironmentInfo;

/** The Help menu (About, keyboard shortcuts, documentation) and the shortcuts themselves. */
public final class HelpView extends MenuButton {
    private final Consumer<String> openDocument;

    /** @param openDocument opens a URI in the desktop's viewer (the application's host services) */
    public HelpView(Consumer<String> openDocument) {
        super("Help");
        this.openDocument = openDocument;
        setId("help-menu");
        MenuItem about = new MenuItem("About MoE Workbench");
        about.setOnAction(e -> showAbout());
        MenuItem keys = new MenuItem("Keyboard shortcuts (F1)");
        keys.setOnAction(e -> showShortcuts());
        MenuItem docs = new MenuItem("Documentation");
        docs.setOnAction(e -> showDocuments());
        getItems().addAll(about, keys, docs);
    }

    /** Ctrl+1 ... Ctrl+7 select the main tabs, F5 rereads the runs folder, F1 lists the shortcuts. */
    public void installShortcuts(Scene scene, Consumer<String> selectTab, Runnable refreshRuns) {
        for (int i = 0; i < HelpModel.TABS.size(); i++) {
            String tab = HelpModel.TABS.get(i);
            scene.getAccelerators()
                    .put(
                            new KeyCodeCombination(
                                    KeyCode.getKeyCode(String.valueOf(i + 1)), KeyCombination.SHORTCUT_DOWN),
                            () -> selectTab.accept(tab));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), refreshRuns);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), this::showShortcuts);
    }

    private void showAbout() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, HelpModel.about(EnvironmentInfo.current()));
        alert.setHeaderText("MoE Workbench");
        alert.setTitle("About");
        alert.show();
    }

    private void showShortcuts() {
        GridPane grid = new GridPane();
        grid.setHgap(16);
        grid.setVgap(4);
        List<HelpModel.Shortcut> shortcuts = HelpModel.shortcuts();
        for (int r = 0; r < shortcuts.size(); r++) {
            Label keys = new Label(shortcuts.get(r).keys());
            keys.setStyle("-fx-font-weight: bold;");
            grid.addRow(r, keys, new Label(shortcuts.get(r).action()));
        }
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.setTitle("Keyboard shortcuts");
        alert.setHeaderText("Keyboard shortcuts");
        alert.getDialogPane().setContent(grid);
        alert.show();
    }

    private void showDocuments() {
        List<Path> documents = HelpModel.documents(Path.of(""));
        VBox links = new VBox(4);
        if (documents.isEmpty()) {
            links.getChildren()
                    .add(new Label("The documentation (README.md and docs/) is in the project's source tree;"
                            + " it was not found beside this installation."));
        }
        for (Path doc : documents) {
            Hyperlink link = new Hyperlink(doc.toString());
            link.setOnAction(e -> openDocument.accept(doc.toUri().toString()));
            links.getChildren().add(link);
        }
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.setTitle("Documentation");
        alert.setHeaderText("Documentation");
        alert.getDialogPane().setContent(links);
        alert.show();
    }
}
