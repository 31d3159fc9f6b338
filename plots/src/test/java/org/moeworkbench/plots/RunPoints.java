package org.moeworkbench.plots;

import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.config.RunKind;

/** Runs given as numbers, without a directory: completed ConvNeXt runs, top-1 for experts > 0, placement last2. */
final class RunPoints {
    private RunPoints() {}

    static RunSummary point(
            String id, RunKind kind, String backbone, int experts, long params, long paramsActive, double accuracy) {
        return new RunSummary(
                null,
                id,
                id,
                kind,
                "convnext",
                "convnext",
                backbone,
                experts,
                experts > 0 ? 1 : 0,
                experts > 0 ? "last2" : "none",
                params,
                paramsActive,
                accuracy,
                Double.NaN,
                "completed",
                "",
                "");
    }
}
