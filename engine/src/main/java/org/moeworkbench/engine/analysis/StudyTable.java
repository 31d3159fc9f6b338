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
 * accuracy against the varied setting from {@link #accuracySeries()}. In a study with seeds a cell is the mean over
 * the setting's seeds, with the sample standard deviation and the number of completed seeds beside it.
 *
 * @param dir      the study folder
 * @param baseName name of the base config
 * @param axes     the varied settings (first = rows, second = columns); none in a study of one config over seeds
 * @param seeds    the seeds every setting ran with (empty: once, with the base config's seed)
 * @param cells    one per setting, first axis outermost (row-major)
 */
public record StudyTable(String dir, String baseName, List<Axis> axes, List<Long> seeds, List<Cell> cells) {

    public StudyTable {
        axes = List.copyOf(axes);
        seeds = List.copyOf(seeds);
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
     * @param testAccuracy           test top-1 accuracy of the final weights, 0..1 (a hard MoE: the mixture's p@1);
     *                               with seeds, the mean over the completed seeds
     * @param bestValidationAccuracy best validation accuracy over the epochs, 0..1 (with seeds: the mean)
     * @param testAccuracyStd        sample standard deviation of the test accuracy over the seeds (null: fewer than 2)
     * @param completedSeeds         how many runs the mean is over (0 or 1 without seeds)
     * @param seeds                  each seed's run, in seed order (empty in a study without seeds)
     */
    public record Cell(
            List<String> labels,
            String runId,
            String status,
            Long params,
            Long paramsActive,
            Long flopsPerImage,
            Double testAccuracy,
            Double bestValidationAccuracy,
            Double testAccuracyStd,
            int completedSeeds,
            List<SeedRun> seeds) {
        public Cell {
            labels = List.copyOf(labels);
            seeds = List.copyOf(seeds);
        }

        /** A setting run once (a study without seeds). */
        public Cell(
                List<String> labels,
                String runId,
                String status,
                Long params,
                Long paramsActive,
                Long flopsPerImage,
                Double testAccuracy,
                Double bestValidationAccuracy) {
            this(
                    labels,
                    runId,
                    status,
                    params,
                    paramsActive,
                    flopsPerImage,
                    testAccuracy,
                    bestValidationAccuracy,
                    null,
                    testAccuracy == null ? 0 : 1,
                    List.of());
        }
    }

    /** One seed's run of a setting; fields it has not written yet are null. */
    public record SeedRun(long seed, String runId, String status, Double testAccuracy, Double bestValidationAccuracy) {}

    /**
     * One line of the accuracy figure: accuracy against the first axis, for one value of the second.
     *
     * @param testAccuracyStd standard deviation over seeds per point (null entries: fewer than 2 seeds)
     * @param completedSeeds  the n of each point
     */
    public record Series(
            String name,
            List<String> x,
            List<Double> xNumbers,
            List<Double> testAccuracy,
            List<Double> testAccuracyStd,
            List<Integer> completedSeeds) {}

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
        List<StudyFile.SettingRuns> settings = study.settings();
        int perSetting = Math.max(1, study.seeds().size()); // seeds are innermost: consecutive entries
        for (int i = 0; i < settings.size(); i += perSetting) {
            List<Cell> replicates = new ArrayList<>();
            List<SeedRun> seedRuns = new ArrayList<>();
            for (StudyFile.SettingRuns setting : settings.subList(i, Math.min(settings.size(), i + perSetting))) {
                Cell one = safeCell(dir, setting);
                replicates.add(one);
                if (setting.seed() != null) {
                    seedRuns.add(new SeedRun(
                            setting.seed(),
                            one.runId(),
                            one.status(),
                            one.testAccuracy(),
                            one.bestValidationAccuracy()));
                }
            }
            cells.add(study.seeds().isEmpty() ? replicates.get(0) : overSeeds(replicates, seedRuns));
        }
        return new StudyTable(dir.toString(), study.base().name(), axes, study.seeds(), cells);
    }

    private static Cell safeCell(Path dir, StudyFile.SettingRuns setting) {
        try {
            return cell(dir, setting);
        } catch (IOException | RuntimeException e) { // one damaged run must not hide the others
            System.err.println("warning: skipped run " + setting.lastRunId() + " of " + dir + ": " + e.getMessage());
            List<String> labels =
                    setting.values().stream().map(SweepAxis::label).toList();
            return new Cell(labels, setting.lastRunId(), "damaged", null, null, null, null, null);
        }
    }

    /**
     * One setting over its seeds: mean and sample standard deviation of the completed seeds' accuracies; the status
     * is the seeds' common status, or {@code partial} when they differ.
     */
    static Cell overSeeds(List<Cell> replicates, List<SeedRun> seedRuns) {
        Cell first = replicates.get(0);
        List<Double> test = new ArrayList<>();
        List<Double> validation = new ArrayList<>();
        Long params = null;
        Long active = null;
        Long flops = null;
        for (Cell c : replicates) {
            if (c.testAccuracy() != null) {
                test.add(c.testAccuracy());
            }
            if (c.bestValidationAccuracy() != null) {
                validation.add(c.bestValidationAccuracy());
            }
            params = params != null ? params : c.params();
            active = active != null ? active : c.paramsActive();
            flops = flops != null ? flops : c.flopsPerImage();
        }
        boolean sameStatus = replicates.stream().map(Cell::status).distinct().count() == 1;
        return new Cell(
                first.labels(),
                first.runId(),
                sameStatus ? first.status() : "partial",
                params,
                active,
                flops,
                mean(test),
                mean(validation),
                test.size() < 2 ? null : sampleStd(test),
                test.size(),
                seedRuns);
    }

    private static Double mean(List<Double> values) {
        return values.isEmpty()
                ? null
                : values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    }

    /** The n-1 standard deviation: the spread one more seed would show, as papers report mean ± std. */
    static double sampleStd(List<Double> values) {
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.size() - 1));
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
        return axes.isEmpty() ? 1 : axes.get(0).labels().size();
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
        Axis x = axes.isEmpty() ? new Axis("config", List.of(baseName), null) : axes.get(0);
        List<Series> series = new ArrayList<>();
        for (int c = 0; c < columns(); c++) {
            List<Double> accuracy = new ArrayList<>();
            List<Double> std = new ArrayList<>();
            List<Integer> n = new ArrayList<>();
            for (int r = 0; r < rows(); r++) {
                accuracy.add(cell(r, c).testAccuracy());
                std.add(cell(r, c).testAccuracyStd());
                n.add(cell(r, c).completedSeeds());
            }
            String name = axes.size() < 2
                    ? baseName
                    : axes.get(1).path() + "=" + axes.get(1).labels().get(c);
            series.add(new Series(name, x.labels(), x.numbers(), accuracy, std, n));
        }
        return series;
    }

    /** The x axis of the accuracy figure: the first varied setting, or the config itself in a seeds-only study. */
    public Axis rowAxis() {
        return axes.isEmpty() ? new Axis("config", List.of(baseName), null) : axes.get(0);
    }
}
