package org.moeworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.moeworkbench.app.fx.Themes;

/** The theme is remembered between starts, and -Dmoe.theme overrides what was remembered. */
class ThemesTest {
    private final Preferences preferences = Preferences.userRoot().node("moe-workbench-themes-test");

    @AfterEach
    void forget() throws BackingStoreException {
        preferences.removeNode();
        System.clearProperty("moe.theme");
    }

    @Test
    void startsLightThenWithWhatWasChosen() {
        assertEquals(Themes.LIGHT, Themes.initial(preferences));
        preferences.put("theme", Themes.DARK.name());
        assertEquals(Themes.DARK, Themes.initial(preferences));
        preferences.put("theme", "no-such-theme");
        assertEquals(Themes.LIGHT, Themes.initial(preferences), "an unknown value falls back to light");
    }

    @Test
    void theSystemPropertyWins() {
        preferences.put("theme", Themes.LIGHT.name());
        System.setProperty("moe.theme", "dark");
        assertEquals(Themes.DARK, Themes.initial(preferences));
    }
}
