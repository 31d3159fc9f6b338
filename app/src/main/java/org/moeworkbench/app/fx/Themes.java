package org.moeworkbench.app.fx;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.control.ComboBox;

/**
 * The app's look: AtlantaFX's Primer theme, light or dark, switchable from the top bar and remembered between
 * sessions (Java preferences, key {@value #KEY}); {@code -Dmoe.theme=light|dark} overrides the remembered choice.
 */
public enum Themes {
    LIGHT("Light", new PrimerLight().getUserAgentStylesheet()),
    DARK("Dark", new PrimerDark().getUserAgentStylesheet());

    static final String KEY = "theme";

    /** A scene stylesheet: the live charts in the exported figures' colours, in both themes (charts.css). */
    public static final String CHART_COLOURS =
            Themes.class.getResource("charts.css").toExternalForm();

    private static final String PROPERTY = "moe.theme";

    private final String label;
    private final String stylesheet;

    Themes(String label, String stylesheet) {
        this.label = label;
        this.stylesheet = stylesheet;
    }

    /** Makes this the look of every window of the application. */
    public void apply() {
        Application.setUserAgentStylesheet(stylesheet);
    }

    /** The theme to start with: {@code -Dmoe.theme}, else the one chosen last time, else light. */
    public static Themes initial(Preferences preferences) {
        String chosen = System.getProperty(PROPERTY, preferences.get(KEY, LIGHT.name()));
        try {
            return valueOf(chosen.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return LIGHT;
        }
    }

    /** A theme chooser that applies and remembers the choice. */
    public static ComboBox<Themes> chooser(Preferences preferences, Themes current) {
        ComboBox<Themes> box = new ComboBox<>();
        box.setId("theme");
        box.getItems().addAll(values());
        box.setValue(current);
        box.setTooltip(Charts.tip("Light or dark look; remembered for the next start."));
        box.valueProperty().addListener((obs, old, now) -> {
            if (now != null) {
                now.apply();
                preferences.put(KEY, now.name());
            }
        });
        return box;
    }

    /**
     * The preferences node of the app (per user); {@code -Dmoe.preferencesNode=NAME} gives another (the tests use
     * their own, so a test that picks Spark or a theme never changes what the user's app starts with).
     */
    public static Preferences preferences() {
        String node = System.getProperty("moe.preferencesNode");
        return node == null || node.isBlank()
                ? Preferences.userNodeForPackage(Themes.class)
                : Preferences.userRoot().node(node);
    }

    @Override
    public String toString() {
        return label;
    }
}
