package org.moeworkbench.app.runs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where the workbench keeps runs: --runs DIR, else $MOE_RUNS_DIR, else ~/moe-runs. */
public final class RunsFolder {
    private RunsFolder() {}

    public static Path resolve(List<String> args, Map<String, String> env, String userHome) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--runs") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (a.startsWith("--runs=")) {
                return Path.of(a.substring("--runs=".length()));
            }
        }
        String fromEnv = env.get("MOE_RUNS_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(userHome, "moe-runs");
    }
}
