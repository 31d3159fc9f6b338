package org.moeworkbench.engine.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run stands; written lower-case in provenance.json. */
public enum RunStatus {
    /** Training, or the process died before it could write another status. */
    RUNNING,
    COMPLETED,
    /** Stopped on request after a step; resumable. */
    CANCELLED,
    /** Stopped by an error (NaN loss, an exception); the last good checkpoint is kept. */
    FAILED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunStatus parse(String text) {
        for (RunStatus s : values()) {
            if (s.json().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "status \"" + text + "\" is not one of running, completed, cancelled, failed");
    }
}
