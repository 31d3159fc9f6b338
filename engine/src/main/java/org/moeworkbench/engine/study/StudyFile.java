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
 * @param formatVersion 1
 * @param base          the base spec the settings vary (an experiment or a hard MoE of one K)
 * @param axes          the varied settings, first axis = table rows
 * @param settings      every combination, first axis outermost
 * @param createdAt     ISO-8601 UTC time the study was started
 */
public record StudyFile(
        int formatVersion,

        @com.fasterxml.jackson.databind.annotation.JsonDeserialize(using = RunSpec.Reader.class)
        RunSpec base,

        List<SweepAxis> axes,
        List<SettingRuns> settings,
        String createdAt) {
    public static final String FILE = "study.json";
    public static final int FORMAT_VERSION = 1;

    public StudyFile {
        axes = List.copyOf(axes);
        settings = List.copyOf(settings);
    }

    /**
     * @param values one value per axis
     * @param runIds run directories made for this setting, oldest first; the last one is the setting's result
     *               (an earlier one is kept when it failed and {@code --retry-failed} started a new one)
     */
    public record SettingRuns(List<JsonNode> values, List<String> runIds) {
        public SettingRuns {
            values = List.copyOf(values);
            runIds = List.copyOf(runIds);
        }

        public String lastRunId() {
            return runIds.isEmpty() ? null : runIds.get(runIds.size() - 1);
        }

        public SettingRuns withRunIds(List<String> ids) {
            return new SettingRuns(values, ids);
        }
    }

    /** A new study of {@code plan}: no runs yet. */
    public static StudyFile start(SweepPlan plan, String now) {
        List<SettingRuns> settings = new ArrayList<>();
        for (SweepPlan.Setting s : plan.settings()) {
            settings.add(new SettingRuns(s.values(), List.of()));
        }
        return new StudyFile(FORMAT_VERSION, plan.base(), plan.axes(), settings, now);
    }

    public StudyFile withSetting(int index, SettingRuns runs) {
        List<SettingRuns> copy = new ArrayList<>(settings);
        copy.set(index, runs);
        return new StudyFile(formatVersion, base, axes, copy, createdAt);
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    public static StudyFile read(Path dir) throws IOException {
        if (!exists(dir)) {
            throw new IOException(dir + " is not a study folder: it has no " + FILE
                    + " (make one with moe sweep --config BASE --vary FIELD=V1,V2 --runs " + dir + ")");
        }
        return ConfigJson.read(dir.resolve(FILE), StudyFile.class);
    }

    public void write(Path dir) throws IOException {
        ConfigJson.write(dir.resolve(FILE), this);
    }
}
