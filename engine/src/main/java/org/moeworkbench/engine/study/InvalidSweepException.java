package org.moeworkbench.engine.study;

import java.util.List;

/**
 * A sweep that cannot run: a bad {@code --vary}, a setting whose config is invalid, or a study folder that
 * belongs to another sweep. Thrown before any run starts; the message lists every problem found.
 */
public final class InvalidSweepException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public InvalidSweepException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidSweepException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
