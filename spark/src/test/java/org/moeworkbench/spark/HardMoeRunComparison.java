package org.moeworkbench.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.run.MetricsLog;

/**
 * Two hard-MoE runs are the same run: every checkpoint byte for byte, every JSON file and metrics line equal but for
 * wall-time fields. Metrics lines are compared as a multiset per model: experts trained at once interleave their lines
 * in any order locally, and a farm appends them expert by expert.
 */
final class HardMoeRunComparison {
    /** Wall time, what is derived from it, and how many experts trained at once: the only values allowed to differ. */
    private static final Set<String> TIMES =
            Set.of("seconds", "imagesPerSecond", "inferenceSeconds", "inferenceCostRelative", "startedAt", "threads");

    private HardMoeRunComparison() {}

    static void assertSameHardMoeRuns(Path a, Path b) throws IOException {
        List<Path> files = files(a);
        assertEquals(relative(a, files), relative(b, files(b)), "the same files");
        for (Path f : files) {
            Path other = b.resolve(a.relativize(f).toString());
            String name = f.getFileName().toString();
            if (name.endsWith(".ckpt") || name.endsWith(".bin")) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(other), "bytes of " + a.relativize(f));
            } else if (name.equals("metrics.jsonl")) {
                assertEquals(lines(f), lines(other), "metrics.jsonl");
            } else if (name.endsWith(".json") && !name.equals("provenance.json")) {
                assertEquals(
                        withoutTimes(ConfigJson.mapper().readTree(f.toFile())),
                        withoutTimes(ConfigJson.mapper().readTree(other.toFile())),
                        a.relativize(f).toString());
            }
        }
    }

    private static List<String> lines(Path metrics) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode line : MetricsLog.read(metrics)) {
            out.add(withoutTimes(line).toString());
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static JsonNode withoutTimes(JsonNode node) {
        JsonNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(TIMES);
            object.forEach(HardMoeRunComparison::strip);
        } else if (node.isArray()) {
            node.forEach(HardMoeRunComparison::strip);
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("writer.lock"))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> relative(Path root, List<Path> files) {
        return files.stream().map(f -> root.relativize(f).toString()).toList();
    }
}
