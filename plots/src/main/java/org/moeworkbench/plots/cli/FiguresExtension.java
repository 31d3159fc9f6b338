package org.moeworkbench.plots.cli;

import org.moeworkbench.engine.cli.MoeCliExtension;

/** Registers {@code moe figures} when the plots module is on the class path (META-INF/services). */
public final class FiguresExtension implements MoeCliExtension {
    @Override
    public String name() {
        return "figures";
    }

    @Override
    public Object command() {
        return new FiguresCommand();
    }
}
