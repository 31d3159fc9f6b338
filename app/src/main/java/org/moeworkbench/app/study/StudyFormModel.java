package org.moeworkbench.app.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.moeworkbench.app.queue.StudyRequest;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.study.InvalidSweepException;
import org.moeworkbench.engine.study.SweepPlan;

/**
 * The study form's state: the designer's config as the base, up to two varied settings, the seeds and the study's
 * name, as {@code moe sweep --vary ... --seeds ...} takes them; the study goes to a folder of that name in the runs
 * folder, where the Runs tab lists its runs.
 */
public final class StudyFormModel {
    /** Settings a study usually varies (the form's field list; any dotted config field may be typed). */
    public static final List<String> COMMON_FIELDS = List.of(
            "moe.experts",
            "moe.topK",
            "moe.placement",
            "moe.router",
            "moe.capacityFactor",
            "moe.balanceWeight",
            "moe.expertMlpRatio",
            "training.learningRate",
            "training.epochs",
            "training.batchSize",
            "model.layerScaleInit");

    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty field1 = new SimpleStringProperty("moe.experts");
    private final StringProperty values1 = new SimpleStringProperty("4,8");
    private final StringProperty field2 = new SimpleStringProperty("");
    private final StringProperty values2 = new SimpleStringProperty("");
    private final StringProperty seeds = new SimpleStringProperty("2");

    public StringProperty name() {
        return name;
    }

    public StringProperty field1() {
        return field1;
    }

    public StringProperty values1() {
        return values1;
    }

    public StringProperty field2() {
        return field2;
    }

    public StringProperty values2() {
        return values2;
    }

    public StringProperty seeds() {
        return seeds;
    }

    /** The study's folder name: the name typed, else {@code <base name>-study}. */
    public String studyName(RunSpec base) {
        String typed = name.get() == null ? "" : name.get().strip();
        return typed.isEmpty() ? base.name() + "-study" : typed;
    }

    /** The varied settings as {@code --vary} takes them: the filled rows only. */
    public List<String> vary() {
        List<String> vary = new ArrayList<>();
        add(vary, field1.get(), values1.get());
        add(vary, field2.get(), values2.get());
        return vary;
    }

    private static void add(List<String> vary, String field, String values) {
        String f = field == null ? "" : field.strip();
        String v = values == null ? "" : values.strip();
        if (!f.isEmpty() || !v.isEmpty()) {
            vary.add(f + "=" + v);
        }
    }

    /**
     * The study to start, or the reason it cannot start yet.
     *
     * @param base       the designer's spec
     * @param runsFolder the app's runs folder; the study folder is made in it
     */
    public Checked check(RunSpec base, Path runsFolder, RunTarget target) {
        if (base == null) {
            return Checked.problem("the designer's config is not valid yet; fix it in the Designer tab first");
        }
        String name = studyName(base);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return Checked.problem(
                    "study name \"" + name + "\": use letters, digits, '.', '_' and '-' (it names a" + " folder)");
        }
        if (!target.problem().isEmpty()) {
            return Checked.problem(target.problem());
        }
        StudyRequest request =
                new StudyRequest(base, vary(), seeds.get(), runsFolder.resolve(name), target.sparkMaster());
        try {
            SweepPlan plan = request.plan();
            return new Checked(request, summary(plan, request), "");
        } catch (InvalidSweepException e) {
            return Checked.problem(String.join("; ", e.problems()));
        } catch (IllegalArgumentException e) { // InvalidConfigException: a setting makes an invalid config
            return Checked.problem(e.getMessage());
        }
    }

    private static String summary(SweepPlan plan, StudyRequest request) {
        int settings = plan.settings().size();
        int seeds = Math.max(1, plan.seeds().size());
        String axes = plan.axes().isEmpty()
                ? "one config"
                : String.join(" x ", plan.axes().stream().map(Object::toString).toList());
        return settings + " runs (" + axes + (plan.seeds().isEmpty() ? "" : ", " + seeds + " seeds " + plan.seeds())
                + ") into " + request.studyDir() + ", on " + request.where()
                + "; starting it again continues it (completed runs are kept)";
    }

    /**
     * The outcome of {@link #check}.
     *
     * @param request the study to start, or null
     * @param summary what it will train (runs, axes, seeds, folder, where)
     * @param problem why it cannot start (empty when it can)
     */
    public record Checked(StudyRequest request, String summary, String problem) {
        static Checked problem(String problem) {
            return new Checked(null, "", problem);
        }

        public boolean ok() {
            return request != null;
        }
    }
}
