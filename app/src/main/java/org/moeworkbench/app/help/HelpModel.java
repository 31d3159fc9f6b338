package org.moeworkbench.app.help;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.run.EnvironmentInfo;
import org.moeworkbench.engine.train.MemoryCap;
import org.moeworkbench.engine.train.TrainingHeap;

/** What the Help menu says: versions and resources, the keyboard shortcuts, where the documentation is. */
public final class HelpModel {
    private HelpModel() {}

    /** A keyboard shortcut of the main window. */
    public record Shortcut(String keys, String action) {}

    /** The main tabs in order; Ctrl+1 ... Ctrl+7 select them. */
    public static final List<String> TABS =
            List.of("Designer", "Queue", "Live routing", "Runs", "Compare", "Run", "Pareto");

    public static List<Shortcut> shortcuts() {
        List<Shortcut> out = new ArrayList<>();
        for (int i = 0; i < TABS.size(); i++) {
            out.add(new Shortcut("Ctrl+" + (i + 1), "show the " + TABS.get(i) + " tab"));
        }
        out.add(new Shortcut("F5", "read the runs folder again (new runs also appear by themselves within 5 s)"));
        out.add(new Shortcut("Enter (in the Designer)", "Train: queue the config"));
        out.add(new Shortcut("F1", "this list"));
        return out;
    }

    /** Versions, backend, cores and memory settings of this process and of the trainings it starts. */
    public static String about(EnvironmentInfo env) {
        String threads = System.getenv("OMP_NUM_THREADS");
        return String.join(
                "\n",
                "MoE Workbench " + env.engineVersion() + (env.gitCommit() == null ? "" : " (" + env.gitCommit() + ")"),
                "ND4J " + env.nd4jVersion() + ", backend " + env.backend() + ", device " + env.device(),
                "Java " + env.java() + ", JavaFX " + System.getProperty("javafx.runtime.version", "?"),
                env.os(),
                Runtime.getRuntime().availableProcessors() + " cores; training threads: "
                        + (threads == null ? "one per core (OMP_NUM_THREADS not set)" : threads + " (OMP_NUM_THREADS)"),
                "training processes: Java heap " + String.join(" ", TrainingHeap.jvmOptions())
                        + ", resident memory cap "
                        + MemoryCap.gigabytes(MemoryCap.fromEnvironment().limitBytes())
                        + " (" + MemoryCap.fromEnvironment().source() + ")");
    }

    /**
     * The documentation files found beside the working directory or the application (a clone or an unpacked
     * source tree has them; an installed app may not), in reading order.
     */
    public static List<Path> documents(Path start) {
        List<String> names =
                List.of("README.md", "docs/analysis.md", "docs/formats.md", "docs/bench.md", "docs/papers.md");
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/analysis.md"))) {
                Path root = dir;
                return names.stream()
                        .map(root::resolve)
                        .filter(Files::isRegularFile)
                        .toList();
            }
        }
        return List.of();
    }
}
