package org.moeworkbench.app.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.TinyConfigs;
import org.moeworkbench.app.queue.StudyLauncher;
import org.moeworkbench.app.queue.StudyRequest;
import org.moeworkbench.engine.analysis.StudyProgress;
import org.moeworkbench.engine.train.CancellationToken;

/** Studies in a child JVM: this machine's study process, the Spark build's command line, and finding that build. */
class ChildStudyLauncherTest {
    @TempDir
    Path tmp;

    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    @Test
    void aStudyTrainsInAChildProcessOnThisMachine() throws Exception {
        StudyRequest request =
                new StudyRequest(TinyConfigs.tiny("child", 1), List.of(), "2", tmp.resolve("child-study"), null);
        StudyLauncher.Outcome outcome = new ChildStudyLauncher(java, () -> null).run(request, new CancellationToken());
        assertEquals(0, outcome.exitCode(), outcome.message());
        assertEquals("2 of 2 settings completed, 0 failed", outcome.message());
        List<StudyProgress.Task> tasks = StudyProgress.read(tmp.resolve("child-study"));
        assertEquals(
                List.of("seed=3", "seed=4"),
                tasks.stream().map(StudyProgress.Task::setting).toList());
        assertTrue(tasks.stream().allMatch(t -> t.state() == StudyProgress.State.COMPLETED), tasks.toString());
    }

    @Test
    void onSparkItRunsTheSparkBuildsSweepAndSaysWhatToDoWithoutIt() throws Exception {
        Path jar = Files.createFile(tmp.resolve("moe-spark.jar"));
        StudyRequest request = new StudyRequest(
                TinyConfigs.tiny("c", 1), List.of("moe.experts=2,4"), "3", tmp.resolve("s"), "spark://node:7077");
        List<String> command = new ChildStudyLauncher(java, () -> jar).command(request, tmp.resolve("spec.json"));
        String line = String.join(" ", command);
        assertTrue(
                line.contains("-jar " + jar + " sweep --config " + tmp.resolve("spec.json") + " --runs "
                        + tmp.resolve("s").toAbsolutePath() + " --plain --spark spark://node:7077 --seeds 3"
                        + " --vary moe.experts=2,4"),
                line);
        IllegalStateException missing = assertThrows(
                IllegalStateException.class,
                () -> new ChildStudyLauncher(java, () -> null).command(request, tmp.resolve("spec.json")));
        assertTrue(
                missing.getMessage().contains("spark/target/moe-spark.jar")
                        && missing.getMessage().contains("-Dmoe.sparkJar"),
                missing.getMessage());
    }

    @Test
    void theSparkBuildIsFoundByPropertyEnvironmentOrAboveTheWorkingDirectory() throws Exception {
        Path project = tmp.resolve("project");
        Path built = Files.createDirectories(project.resolve("spark/target")).resolve("moe-spark.jar");
        Files.createFile(built);
        Path app = Files.createDirectories(project.resolve("app"));
        assertEquals(built, SparkBuild.find(null, Map.of(), app), "from app/, as exec:exec starts it");
        assertEquals(built, SparkBuild.find(null, Map.of(), project));
        Path elsewhere = Files.createFile(tmp.resolve("other.jar"));
        assertEquals(elsewhere, SparkBuild.find(elsewhere.toString(), Map.of(), project));
        assertEquals(elsewhere, SparkBuild.find(null, Map.of(SparkBuild.ENV, elsewhere.toString()), project));
        assertNull(SparkBuild.find(null, Map.of(), tmp.resolve("nowhere")));
    }
}
