package org.moeworkbench.engine.study;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.RunSpec;

/**
 * study.json, the index of a study folder (docs/formats.md): the base config, the varied axes and, per
 * setting, the ids of the run directories (beside study.json) made for it. Rewritten atomically each
 * time a run starts.
 *
 * @param formatVersion 2 (1: written before seeds; reads as a study without seeds)
 * @param base          the base spec the settings vary (an experiment or a hard MoE of one K)
 * @param axes          the varied settings, first axis = table rows
 * @param seeds         the seeds every combination runs with; empty: once, with the base config's seed
 * @param settings      every combination and seed, first axis outermost, seed innermost
 * @param createdAt     ISO-8601 UTC time the study was started
 */
public record StudyFile(
        int formatVersion,

        @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = RunSpec.Reader.class)
        RunSpec base,

        List<SweepAxis> axes,
        List<Long> seeds,
        List<SettingRuns> settings,
        String createdAt) {
    public static final String FILE = "study.json";
    public static final int FORMAT_VERSION = 2;

    public StudyFile {
        if (base == null || axes == null || settings == null) {
            throw new IllegalArgumentException("study.json needs base, axes and settings");
        }
        axes = List.copyOf(axes);
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
        settings = List.copyOf(settings);
    }

    /**
     * @param values one value per axis
     * @param seed   the replicate's seed, or null in a study without seeds
     * @param runIds run directories made for this setting, oldest first; the last one is the setting's result
     *               (an earlier one is kept when it failed and {@code --retry-failed} started a new one)
     */
    public record SettingRuns(List<JsonNode> values, Long seed, List<String> runIds) {
        public SettingRuns {
            values = List.copyOf(values);
            runIds = List.copyOf(runIds);
        }

        public String lastRunId() {
            return runIds.isEmpty() ? null : runIds.get(runIds.size() - 1);
        }

        public SettingRuns withRunIds(List<String> ids) {
            return new SettingRuns(values, seed, ids);
        }
    }

    /** A new study of {@code plan}: no runs yet. */
    public static StudyFile start(SweepPlan plan, String now) {
        List<SettingRuns> settings = new ArrayList<>();
        for (SweepPlan.Setting s : plan.settings()) {
            settings.add(new SettingRuns(s.values(), s.seed(), List.of()));
        }
        return new StudyFile(FORMAT_VERSION, plan.base(), plan.axes(), plan.seeds(), settings, now);
    }

    public StudyFile withSetting(int index, SettingRuns runs) {
        List<SettingRuns> copy = new ArrayList<>(settings);
        copy.set(index, runs);
        return new StudyFile(FORMAT_VERSION, base, axes, seeds, copy, createdAt); // now written with the seed fields
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static StudyFile read(Path dir) throws IOException {
        if (!exists(dir)) {
            throw new IOException(dir + " is not a study folder: it has no " + FILE
                    + " (make one with moe sweep --config BASE --vary FIELD=V1,V2 --runs " + dir + ")");
        }
        // Missing fields read as null: format 1 files have no seeds (the constructor refuses a missing base)
        return ConfigJson.readAllowingMissing(dir.resolve(FILE), StudyFile.class);
    }

    public void write(Path dir) throws IOException {
        ConfigJson.write(dir.resolve(FILE), this);
    }
}
