package org.moeworkbench.app.queue;

import java.io.IOException;
import java.util.function.Supplier;
import org.moeworkbench.engine.launch.Farm;
import org.moeworkbench.engine.launch.Runners;
import org.moeworkbench.engine.study.RunFarm;
import org.moeworkbench.engine.study.Sweep;
import org.moeworkbench.engine.study.SweepListener;
import org.moeworkbench.engine.train.CancellationToken;

/**
 * How the queue trains a study: in this process (tests) or in a child process (the app: {@code StudyProcessMain} on
 * this machine, the Spark build's {@code moe sweep --spark} on a cluster). The queue follows it through the study
 * folder ({@code StudyProgress}), whoever trains it.
 */
public interface StudyLauncher {
    /** How a study's training ended: the exit code {@code moe sweep} would give (0, 1 a run failed, 2 refused, 130 cancelled) and one line. */
    record Outcome(int exitCode, String message) {
        public static final int CANCELLED = 130;
    }

    /** Trains what is left of the study on the calling thread until it ends or {@code cancel} is set. */
    Outcome run(StudyRequest request, CancellationToken cancel) throws IOException;

    /** Trains on the calling thread with the engine's runners, on Spark through {@link Farm#open}. */
    static StudyLauncher inProcess(Supplier<Runners> runners) {
        return (request, cancel) -> {
            Sweep sweep = new Sweep(request.studyDir(), runners.get()::of);
            Sweep.Result result;
            if (request.onSpark()) {
                try (RunFarm farm = Farm.open(request.sparkMaster(), "MoE Workbench study " + request.studyDir())) {
                    result = sweep.runOn(farm, request.plan(), new SweepListener() {}, cancel, false);
                }
            } else {
                result = sweep.run(request.plan(), new SweepListener() {}, cancel, false);
            }
            return outcome(result);
        };
    }

    /** The outcome of a sweep's result, as {@code moe sweep} reports it. */
    static Outcome outcome(Sweep.Result result) {
        String text = result.completed() + " of " + result.total() + " settings completed, " + result.failed()
                + " failed" + (result.cancelled() ? ", cancelled" : "");
        return new Outcome(result.cancelled() ? Outcome.CANCELLED : result.failed() > 0 ? 1 : 0, text);
    }
}
