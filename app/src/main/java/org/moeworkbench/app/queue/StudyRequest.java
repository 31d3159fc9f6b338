package org.moeworkbench.app.queue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.study.SweepAxis;
import org.moeworkbench.engine.study.SweepPlan;

/**
 * A study to train from the app, as {@code moe sweep} takes it: the base spec, the varied settings ({@code FIELD=V1,V2}
 * as for {@code --vary}), the seeds ({@code --seeds}: a count or a list; blank: once) and the study folder, on this
 * machine or as Spark tasks on a master.
 *
 * @param sparkMaster null: this machine; else a Spark master URL ({@code local[2]}, {@code spark://host:7077})
 */
public record StudyRequest(RunSpec base, List<String> vary, String seeds, Path studyDir, String sparkMaster) {
    public StudyRequest {
        vary = List.copyOf(vary);
        seeds = seeds == null ? "" : seeds.strip();
        sparkMaster = sparkMaster == null || sparkMaster.isBlank() ? null : sparkMaster.strip();
    }

    public boolean onSpark() {
        return sparkMaster != null;
    }

    /**
     * The validated plan, as {@code moe sweep} would make it.
     *
     * @throws org.moeworkbench.engine.study.InvalidSweepException naming every problem
     */
    public SweepPlan plan() {
        List<SweepAxis> axes = new ArrayList<>();
        for (String spec : vary) {
            axes.add(SweepAxis.parse(spec));
        }
        return SweepPlan.of(base, axes, seeds.isEmpty() ? List.of() : SweepPlan.parseSeeds(seeds, base.seed()));
    }

    /** Where it trains, for a queue row: {@code this machine}, {@code Spark host:7077} or {@code Spark local[2]}. */
    public String where() {
        return onSpark() ? "Spark " + sparkMaster.replaceFirst("^spark://", "") : "this machine";
    }
}
