package org.moeworkbench.app;

/** Starts {@link ScreenshotTour} from a plain class (JavaFX on the class path, as WorkbenchLauncher does). */
public final class ScreenshotTourMain {
    private ScreenshotTourMain() {}

    public static void main(String[] args) {
        ScreenshotTour.main(args);
    }
}
