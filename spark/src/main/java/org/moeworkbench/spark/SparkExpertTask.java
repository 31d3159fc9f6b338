package org.moeworkbench.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.TaskContext;
import org.moeworkbench.engine.hardmoe.HardMoeRunner;
import org.moeworkbench.engine.train.CancellationToken;

/**
 * One hard-MoE expert as a Spark task: the run folder and the expert's index go out, whether it landed comes back.
 *
 * @param runDir the hard-MoE run directory, a path every executor sees
 * @param expert the expert (cluster) index
 */
public record SparkExpertTask(String runDir, int expert) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Runs on the executor. */
    public boolean run() {
        TaskContext context = TaskContext.get();
        String attempt = "expert-" + SparkRunTask.attemptName(context);
        if (context != null) {
            SparkRunTask.limitThreads(context.cpus());
        }
        CancellationToken cancel = new CancellationToken();
        Thread watcher = context == null ? null : SparkRunTask.watchForKill(context, cancel);
        try {
            return HardMoeRunner.trainExpertTask(Path.of(runDir), expert, attempt, cancel);
        } catch (IOException e) {
            throw new UncheckedIOException("expert " + expert + " of " + runDir + ": " + e.getMessage(), e);
        } finally {
            if (watcher != null) {
                watcher.interrupt();
            }
        }
    }
}
