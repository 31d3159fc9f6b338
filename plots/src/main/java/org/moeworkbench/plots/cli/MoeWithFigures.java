package org.moeworkbench.plots.cli;

import org.moeworkbench.engine.cli.MoeCli;

/**
 * Main class of {@code plots/target/moe-plots.jar}: the {@code moe} CLI with {@code figures}, headless unless
 * told otherwise ({@code -Djava.awt.headless=false}).
 */
public final class MoeWithFigures {
    private MoeWithFigures() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        MoeCli.main(args);
    }
}
