package org.moeworkbench.app;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/** The workbench window. A placeholder until the workbench issue lands. */
public final class WorkbenchApp extends Application {
    @Override
    public void start(Stage stage) {
        Label title = new Label("MoE Workbench");
        title.setStyle("-fx-font-size: 24px; -fx-font-weight: bold;");
        Label body = new Label("The workbench views are not built yet. Use the moe CLI meanwhile.");
        VBox root = new VBox(12, title, body);
        root.setPadding(new Insets(24));
        stage.setTitle("MoE Workbench");
        stage.setScene(new Scene(root, 900, 600));
        stage.show();
    }
}
