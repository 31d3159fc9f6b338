package org.moeworkbench.engine.config;

/**
 * A config file that cannot be read: bad JSON, an unknown or missing field, a wrong type, or a value the
 * validation refuses. The message names the file and the field.
 */
public final class ConfigFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public ConfigFileException(String message, String field, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The dotted path of the offending field, or an empty string when the whole file is at fault. */
    public String field() {
        return field;
    }
}
