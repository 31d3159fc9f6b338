package org.moeworkbench.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moeworkbench.app.help.HelpModel;
import org.moeworkbench.engine.run.EnvironmentInfo;

/** What the Help menu says, without a screen. */
class HelpModelTest {
    @Test
    void aboutNamesVersionsBackendCoresAndTheTrainingMemorySettings() {
        String about = HelpModel.about(EnvironmentInfo.current());
        assertTrue(about.startsWith("MoE Workbench "), about);
        assertTrue(about.contains("ND4J 1.0.0-M2.1"), about);
        assertTrue(about.contains(Runtime.getRuntime().availableProcessors() + " cores"), about);
        assertTrue(about.contains("-Xmx384m") && about.contains("resident memory cap"), about);
    }

    @Test
    void everyMainTabHasAShortcutInOrder() {
        List<HelpModel.Shortcut> shortcuts = HelpModel.shortcuts();
        assertEquals("Ctrl+1", shortcuts.get(0).keys());
        assertEquals("show the Designer tab", shortcuts.get(0).action());
        assertEquals("show the Pareto tab", shortcuts.get(6).action());
    }

    @Test
    void theDocumentationIsFoundFromInsideTheSourceTree() {
        List<Path> docs = HelpModel.documents(Path.of("").toAbsolutePath()); // the app module's folder in a build
        assertTrue(docs.stream().anyMatch(p -> p.endsWith("docs/analysis.md")), docs.toString());
        assertTrue(docs.get(0).endsWith("README.md"), docs.toString());
    }
}
