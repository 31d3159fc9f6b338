package org.moeworkbench.app;

/**
 * Entry point that does not extend {@code Application}, so the workbench runs from a plain class
 * path (JavaFX on the class path, not the module path; DL4J is not a clean module).
 */
public final class WorkbenchLauncher {
    /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final java.util.logging.Logger JAVAFX_PLATFORM =
            java.util.logging.Logger.getLogger("javafx"); // JavaFX's own logger (com.sun.javafx.logging.PlatformLogger)

    private WorkbenchLauncher() {}

    public static void main(String[] args) {
        if (SmokeTest.requested(args)) {
            // before anything touches JavaFX: the smoke test runs without a display
            System.exit(SmokeTest.run(args, System.out, System.err));
        }
        // a line at once: the window takes several seconds to appear, and `mvnw -q` printed nothing before it
        System.out.println("MoE Workbench: opening the window...");
        System.out.flush();
        // JavaFX warns "Unsupported JavaFX configuration: classes were loaded from 'unnamed module'" on every start
        // from a class path, which is how this app runs on purpose (see above); keep real problems visible
        JAVAFX_PLATFORM.setLevel(java.util.logging.Level.SEVERE);
        javafx.application.Application.launch(WorkbenchApp.class, args);
    }
}
