package org.moeworkbench.engine.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What a reader does with a bad record: throw (the default), or skip it and count it when
 * {@code skipBadRecords} is on. Skipped records are never silent: the count and the first few
 * messages go into the dataset and {@code moe data describe} prints them.
 */
final class BadRecords {
    static final int KEPT_MESSAGES = 10;
    private final boolean skip;
    private int count;
    private final List<String> messages = new ArrayList<>();

    BadRecords(boolean skip) {
        this.skip = skip;
    }

    /** Throws {@code problem} unless skipping; then records it. */
    void report(DatasetException problem) {
        if (!skip) {
            throw problem;
        }
        count++;
        if (messages.size() < KEPT_MESSAGES) {
            messages.add(problem.getMessage());
        }
    }

    /** Records {@code n} bad records at once (e.g. the missing tail of a truncated file). */
    void report(DatasetException problem, int n) {
        report(problem);
        count += n - 1;
    }

    int count() {
        return count;
    }

    List<String> messages() {
        return List.copyOf(messages);
    }
}
