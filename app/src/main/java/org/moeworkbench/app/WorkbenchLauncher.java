package org.moeworkbench.app;

/**
 * Entry point that does not extend {@code Application}, so the workbench runs from a plain class
 * path (JavaFX on the class path, not the module path; DL4J is not a clean module).
 */
public final class WorkbenchLauncher {
    private WorkbenchLauncher() {}

    public static void main(String[] args) {
        if (SmokeTest.requested(args)) {
            // before anything touches JavaFX: the smoke test runs without a display
            System.exit(SmokeTest.run(args, System.out, System.err));
        }
        javafx.application.Application.launch(WorkbenchApp.class, args);
    }
}
