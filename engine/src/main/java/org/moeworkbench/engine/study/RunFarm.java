package org.moeworkbench.engine.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.RunRunner;

/**
 * Trains independent runs somewhere other than the calling thread, all at once as its resources allow: the seam
 * between a study and a distributed engine (the spark module's Spark farm). The engine itself has no farm; a farm
 * comes from a provider on the class path ({@code launch.Farm}).
 *
 * <p>Contract: a task's run appears in {@code runsFolder/runId} only when the task has finished (completed or failed),
 * moved there whole from a directory of its own attempt ({@link RunAttempt}); a retried or speculative attempt never
 * leaves a second copy or a torn run, and a cancelled or lost task leaves nothing under its id.
 */
public interface RunFarm extends AutoCloseable {

    /** One run to train: its id (the directory name under the runs folder) and its spec (one run of one K). */
    record Task(String runId, RunSpec spec) {}

    /** What a farm reports while its tasks run (from any thread). Every method has an empty default. */
    interface Listener {
        /** Task {@code index} started an attempt on {@code where} (e.g. an executor's host). */
        default void taskStarted(int index, int attempt, String where) {}

        /** Task {@code index} ended with {@code ending}. */
        default void taskEnded(int index, RunRunner.Ending ending) {}

        /** An attempt failed and the farm retries it (e.g. its executor was lost). */
        default void attemptLost(int index, int attempt, String reason) {}
    }

    /** Where the runs train, for messages, e.g. {@code Spark master spark://host:7077 (4 cores)}. */
    String where();

    /**
     * Trains every task; returns when all have ended or {@code cancel} was requested (then the unfinished ones end
     * cancelled).
     *
     * @return one ending per task, in task order
     */
    List<RunRunner.Ending> trainAll(Path runsFolder, List<Task> tasks, Listener listener, CancellationToken cancel)
            throws IOException;

    @Override
    default void close() {}
}
