package org.moeworkbench.app.viewmodel;

/**
 * The designer's hard MoE family. The engine has the hard MoE pipeline (HardMoeRunner, {@code moe hardmoe}),
 * but the designer has no form for its config yet, so it cannot launch one; hard-MoE runs made by the CLI
 * are listed in the Runs tab.
 */
public final class HardMoeSupport {
    private HardMoeSupport() {
    }

    public static boolean available() {
        return false;
    }

    public static String missingMessage() {
        return "the designer cannot launch hard MoE yet (no form for its config): run moe hardmoe --config FILE"
                + " --runs <runs folder>; its runs appear in the Runs tab";
    }
}
