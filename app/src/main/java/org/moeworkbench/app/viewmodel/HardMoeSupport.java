package org.moeworkbench.app.viewmodel;

/** Whether the engine has the hard MoE pipeline (issue 4); the designer says so when it does not. */
public final class HardMoeSupport {
    private HardMoeSupport() {
    }

    public static boolean available() {
        return false;
    }

    public static String missingMessage() {
        return "hard MoE is not in this build yet: the engine's hard MoE pipeline (issue 4) has not been merged"
                + " into the app";
    }
}
