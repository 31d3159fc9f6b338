package org.moeworkbench.engine.config;

/**
 * A config value that cannot work. The message names the field, the value and what is allowed,
 * so the CLI and the app can show it as it is.
 */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidConfigException(String field, Object value, String allowed) {
        super(field + " = " + value + " is not allowed: " + allowed);
        this.field = field;
    }

    /** The dotted path of the offending field, e.g. {@code moe.topK}. */
    public String field() {
        return field;
    }

    /** Requires 0 <= value < 1; the message names it as {@code what} ("0 <= fraction < 1"). */
    static void requireUnitInterval(double value, String field, String what) {
        require(value >= 0 && value < 1, field, value, "0 <= " + what + " < 1");
    }

    static void require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw new InvalidConfigException(field, value, allowed);
        }
    }
}
