package org.moeworkbench.engine.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.study.StudyFile;
import org.moeworkbench.engine.study.SweepAxis;

/**
 * The results of a study folder in the layout of the Sweet Spot paper's Tables 3 and 4: one cell per
 * setting with params, active params, FLOPs and accuracy, rows = values of the first axis, columns = values
 * of the second (a single-axis study has one column). {@code moe study} prints it; the plots module draws
 * accuracy against the varied setting from {@link #accuracySeries()}.
 *
 * @param dir      the study folder
 * @param baseName name of the base config
 * @param axes     the varied settings (first = rows, second = columns)
 * @param cells    one per setting, first axis outermost (row-major)
 */
public record StudyTable(String dir, String baseName, List<Axis> axes, List<Cell> cells) {

    public StudyTable {
        axes = List.copyOf(axes);
        cells = List.copyOf(cells);
    }

    /**
     * @param path    dotted config field, e.g. {@code moe.experts}
     * @param labels  its values as shown
     * @param numbers the values as numbers when every value is a number (a numeric x axis), else null
     */
    public record Axis(String path, List<String> labels, List<Double> numbers) {}

    /**
     * One setting. Fields a run has not written yet are null.
     *
     * @param labels                 one value per axis
     * @param runId                  the setting's run directory (null before the sweep reached it)
     * @param status                 {@code completed}, {@code running} (or killed), {@code cancelled},
     *                               {@code failed}, {@code pending} (no run yet), {@code missing} (deleted) or
     *                               {@code damaged} (its files do not parse; a warning names the file)
     * @param params                 all trainable parameters (model.json)
     * @param paramsActive           parameters used per image
     * @param flopsPerImage          forward FLOPs per image
     * @param testAccuracy           test top-1 accuracy of the final weights, 0..1 (a hard MoE: the mixture's p@1)
     * @param bestValidationAccuracy best validation accuracy over the epochs, 0..1
     */
    public record Cell(
            List<String> labels,
            String runId,
            String status,
            Long params,
            Long paramsActive,
            Long flopsPerImage,
            Double testAccuracy,
            Double bestValidationAccuracy) {}

    /** One line of the accuracy figure: accuracy against the first axis, for one value of the second. */
    public record Series(String name, List<String> x, List<Double> xNumbers, List<Double> testAccuracy) {}

    /** Reads study.json and each setting's last run. */
    public static StudyTable read(Path dir) throws IOException {
        StudyFile study = StudyFile.read(dir);
        List<Axis> axes = new ArrayList<>();
        for (SweepAxis axis : study.axes()) {
            boolean numeric = axis.values().stream().allMatch(JsonNode::isNumber);
            axes.add(new Axis(
                    axis.path(),
                    axis.labels(),
                    numeric ? axis.values().stream().map(JsonNode::asDouble).toList() : null));
        }
        List<Cell> cells = new ArrayList<>();
        for (StudyFile.SettingRuns setting : study.settings()) {
            try {
                cells.add(cell(dir, setting));
            } catch (IOException | RuntimeException e) { // one damaged run must not hide the others
                System.err.println(
                        "warning: skipped run " + setting.lastRunId() + " of " + dir + ": " + e.getMessage());
                List<String> labels =
                        setting.values().stream().map(SweepAxis::label).toList();
                cells.add(new Cell(labels, setting.lastRunId(), "damaged", null, null, null, null, null));
            }
        }
        return new StudyTable(dir.toString(), study.base().name(), axes, cells);
    }

    private static Cell cell(Path dir, StudyFile.SettingRuns setting) throws IOException {
        List<String> labels = setting.values().stream().map(SweepAxis::label).toList();
        String id = setting.lastRunId();
        if (id == null) {
            return new Cell(labels, null, "pending", null, null, null, null, null);
        }
        Path root = dir.resolve(id);
        if (!RunDirectory.isRun(root)) {
            return new Cell(labels, id, "missing", null, null, null, null, null);
        }
        if (RunDirectory.isHardMoe(root)) { // the mixture: params of trunk + K experts, active trunk + one, p@1
            RunSummary mixture = RunSummary.readHardMoe(root).get(0);
            return new Cell(
                    labels,
                    id,
                    mixture.status(),
                    mixture.params() > 0 ? mixture.params() : null,
                    mixture.paramsActive() > 0 ? mixture.paramsActive() : null,
                    null,
                    Double.isNaN(mixture.accuracy()) ? null : mixture.accuracy(),
                    null);
        }
        RunDirectory run = RunDirectory.open(root);
        String status = run.hasProvenance() ? run.provenance().status().json() : RunStatus.RUNNING.json();
        Long params = null;
        Long active = null;
        Long flops = null;
        if (Files.isRegularFile(run.modelFile())) {
            ModelSummary model = ConfigJson.readAllowingNulls(run.modelFile(), ModelSummary.class);
            params = model.params();
            active = model.paramsActive();
            flops = model.flopsPerImage();
        }
        Double test = null;
        Double bestValidation = null;
        for (JsonNode line : MetricsLog.read(run.metricsFile())) {
            if (line.path("type").asText().equals("test")) {
                test = number(line.get("testAccuracy"));
                bestValidation = number(line.get("bestValidationAccuracy"));
            }
        }
        return new Cell(labels, id, status, params, active, flops, test, bestValidation);
    }

    private static Double number(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.asDouble();
    }

    public int rows() {
        return axes.get(0).labels().size();
    }

    public int columns() {
        return axes.size() < 2 ? 1 : axes.get(1).labels().size();
    }

    /** The cell of row {@code row} (first axis value) and column {@code column} (second axis value, 0 if none). */
    public Cell cell(int row, int column) {
        return cells.get(row * columns() + column);
    }

    /**
     * The accuracy figure's data: test accuracy (null where the run has not completed) against the first
     * axis, one series per value of the second axis (one series named after the base config if there is none).
     */
    public List<Series> accuracySeries() {
        Axis x = axes.get(0);
        List<Series> series = new ArrayList<>();
        for (int c = 0; c < columns(); c++) {
            List<Double> accuracy = new ArrayList<>();
            for (int r = 0; r < rows(); r++) {
                accuracy.add(cell(r, c).testAccuracy());
            }
            String name = axes.size() < 2
                    ? baseName
                    : axes.get(1).path() + "=" + axes.get(1).labels().get(c);
            series.add(new Series(name, x.labels(), x.numbers(), accuracy));
        }
        return series;
    }
}
