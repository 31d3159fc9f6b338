package org.moeworkbench.engine.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.moeworkbench.engine.config.RunSpec;

/** A folder of runs (default {@code ./runs}); a new run's id is its UTC start time and the config name. */
public final class RunStore {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path root;

    public RunStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * A new run of {@code spec} (one run: a hard MoE with one K), e.g. {@code 20261123-191502-sample-convnext-moe} or
     * {@code 20261123-191502-sample-hardmoe-k4}; a suffix -2, -3... if that id is taken.
     */
    /**
     * A new run id for {@code spec} that names no directory in this store and is not in {@code reserved}, without
     * creating it: for runs trained elsewhere (a Spark task) that land here when they finish.
     */
    public String newRunId(RunSpec spec, Instant now, java.util.Set<String> reserved) {
        String base = STAMP.format(now) + "-" + spec.runName();
        String id = base;
        for (int n = 2; Files.exists(root.resolve(id)) || reserved.contains(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    public RunDirectory create(RunSpec spec, Instant now) throws IOException {
        if (spec.perRun().size() != 1) {
            throw new IllegalArgumentException("one run holds one K; make one run per spec of perRun()");
        }
        Files.createDirectories(root);
        String base = STAMP.format(now) + "-" + spec.runName();
        Path dir = root.resolve(base);
        for (int n = 2; Files.exists(dir); n++) {
            dir = root.resolve(base + "-" + n);
        }
        return RunDirectory.create(dir, spec);
    }

    /** Every run directory of any kind in the folder, oldest first (by id). */
    public List<RunDirectory> list() throws IOException {
        List<RunDirectory> runs = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return runs;
        }
        try (Stream<Path> children = Files.list(root)) {
            for (Path p : children.sorted().toList()) {
                if (RunDirectory.isRun(p)) {
                    runs.add(RunDirectory.open(p));
                }
            }
        }
        return runs;
    }
}
