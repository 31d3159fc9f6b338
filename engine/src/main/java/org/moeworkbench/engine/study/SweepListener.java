package org.moeworkbench.engine.study;

import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.train.RunRunner;
import org.moeworkbench.engine.train.TrainingListener;

/** What a sweep reports as it goes (on the sweep's thread). Every method has an empty default. */
public interface SweepListener {

    /** What the sweep does with one setting. */
    enum Action {
        /** A new run directory. */
        NEW,
        /** The setting's run was cancelled or killed: it continues from its last checkpoint. */
        RESUME,
        /** The setting's run has completed. */
        SKIP_COMPLETED,
        /** The setting's run failed; it is kept (rerun with retryFailed to start a new run). */
        SKIP_FAILED
    }

    /**
     * Before a setting is handled.
     *
     * @param index   0-based setting index
     * @param total   number of settings
     * @param setting e.g. {@code moe.placement=every2, moe.experts=4}
     * @param run     the setting's run directory
     */
    default void setting(int index, int total, String setting, Action action, RunDirectory run) {}

    /** The listener for the training of one run (e.g. a progress bar). */
    default TrainingListener training(RunDirectory run) {
        return new TrainingListener() {};
    }

    /** A run of the sweep stopped (completed, cancelled or failed). */
    default void runEnded(int index, RunDirectory run, RunRunner.Ending outcome) {}

    /**
     * A setting's run was handed to a farm ({@link Sweep#runOn}); it appears at {@code runDir} when its task ends.
     *
     * @param where the farm, e.g. {@code Spark master local[2]}
     */
    default void queued(int index, int total, String setting, java.nio.file.Path runDir, String where) {}

    /** The farm's listener for this sweep's tasks; {@code settingOfTask} maps a task index to its setting index. */
    default RunFarm.Listener farm(java.util.List<Integer> settingOfTask) {
        return new RunFarm.Listener() {};
    }

    /** A farmed run ended; {@code runDir} holds it unless it was cancelled. */
    default void farmedRunEnded(int index, java.nio.file.Path runDir, RunRunner.Ending outcome) {}
}
