package org.moeworkbench.app.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moeworkbench.app.TinyConfigs;
import org.moeworkbench.engine.config.ExperimentConfig;

/** The study form's checks: what it will train, or why not, before anything is queued. */
class StudyFormModelTest {
    private final ExperimentConfig base = TinyConfigs.tiny("tiny", 1);
    private final Path runs = Path.of("/data/runs");

    @Test
    void theDefaultFormIsAStudyOfTwoExpertCountsOverTwoSeeds() {
        StudyFormModel form = new StudyFormModel();
        StudyFormModel.Checked checked = form.check(base, runs, new RunTarget());
        assertTrue(checked.ok(), checked.problem());
        assertEquals(runs.resolve("tiny-study"), checked.request().studyDir());
        assertEquals(List.of("moe.experts=4,8"), checked.request().vary());
        assertTrue(checked.summary().startsWith("4 runs (moe.experts=4,8, 2 seeds [3, 4])"), checked.summary());
        assertTrue(checked.summary().contains("on this machine"), checked.summary());
    }

    @Test
    void twoAxesAndSparkAreCarriedIntoTheRequest() {
        StudyFormModel form = new StudyFormModel();
        form.name().set("placement-x-experts");
        form.field2().set("moe.placement");
        form.values2().set("last2,every2");
        form.seeds().set("");
        RunTarget spark = new RunTarget();
        spark.onSpark().set(true);
        spark.master().set("spark://node:7077");
        StudyFormModel.Checked checked = form.check(base, runs, spark);
        assertTrue(checked.ok(), checked.problem());
        assertEquals("spark://node:7077", checked.request().sparkMaster());
        assertEquals(runs.resolve("placement-x-experts"), checked.request().studyDir());
        assertTrue(
                checked.summary().startsWith("4 runs (moe.experts=4,8 x moe.placement=last2,every2)"),
                checked.summary());
    }

    @Test
    void problemsAreNamedBeforeAnythingIsQueued() {
        StudyFormModel form = new StudyFormModel();
        form.field1().set("moe.expertz");
        assertFalse(form.check(base, runs, new RunTarget()).ok());
        assertTrue(
                form.check(base, runs, new RunTarget()).problem().contains("moe.expertz"),
                form.check(base, runs, new RunTarget()).problem());
        form.field1().set("moe.experts");
        form.name().set("my study");
        assertTrue(form.check(base, runs, new RunTarget()).problem().contains("names a folder"));
        form.name().set("");
        RunTarget spark = new RunTarget();
        spark.onSpark().set(true);
        spark.master().set("http://node");
        assertTrue(form.check(base, runs, spark).problem().contains("not a Spark master URL"));
        assertTrue(form.check(null, runs, new RunTarget()).problem().contains("Designer"));
    }
}
