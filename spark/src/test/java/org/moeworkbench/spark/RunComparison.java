package org.moeworkbench.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.study.StudyFile;

/** Asserts that two study folders hold the same runs: config, metrics (but wall time), checkpoints and routing. */
final class RunComparison {
    private RunComparison() {}

    static void assertSameStudies(Path expected, Path actual) throws IOException {
        List<StudyFile.SettingRuns> a = StudyFile.read(expected).settings();
        List<StudyFile.SettingRuns> b = StudyFile.read(actual).settings();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertSameRuns(
                    expected.resolve(a.get(i).lastRunId()),
                    actual.resolve(b.get(i).lastRunId()));
        }
    }

    static void assertSameRuns(Path runA, Path runB) throws IOException {
        assertEquals(Files.readString(runA.resolve("config.json")), Files.readString(runB.resolve("config.json")));
        assertEquals(withoutTimes(runA), withoutTimes(runB), "metrics of " + runB);
        List<Path> filesA = files(runA, "checkpoints", "routing");
        assertEquals(names(filesA), names(files(runB, "checkpoints", "routing")));
        assertFalse(filesA.isEmpty());
        for (Path f : filesA) {
            assertArrayEquals(
                    Files.readAllBytes(f),
                    Files.readAllBytes(runB.resolve(runA.relativize(f))),
                    "bytes of " + runA.relativize(f) + " in " + runB);
        }
    }

    private static List<JsonNode> withoutTimes(Path run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (JsonNode line : MetricsLog.read(run.resolve("metrics.jsonl"))) {
            ObjectNode copy = line.deepCopy();
            copy.remove(List.of("seconds", "imagesPerSecond")); // wall time differs; every computed value must not
            lines.add(copy);
        }
        return lines;
    }

    private static List<Path> files(Path run, String... dirs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String d : dirs) {
            try (Stream<Path> s = Files.walk(run.resolve(d))) {
                s.filter(Files::isRegularFile).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }
}
