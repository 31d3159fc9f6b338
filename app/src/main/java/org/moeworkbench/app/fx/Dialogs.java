package org.moeworkbench.app.fx;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;

/** Confirmations whose safe answer is the default one: Enter or a stray click on the default does nothing harmful. */
public final class Dialogs {
    private Dialogs() {}

    /**
     * Asks before something that cannot be undone or repeats work; true only if the user chose {@code action}.
     * "Cancel" is the default button.
     */
    public static boolean confirm(String header, String text, String action) {
        ButtonType act = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, act, cancel);
        alert.setHeaderText(header);
        ((Button) alert.getDialogPane().lookupButton(act)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(cancel)).setDefaultButton(true);
        return alert.showAndWait().orElse(cancel) == act;
    }

    /** Tells the user why something did not happen and what to do instead. */
    public static void inform(String header, String text) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION, text, ButtonType.OK);
        alert.setHeaderText(header);
        alert.showAndWait();
    }
}
