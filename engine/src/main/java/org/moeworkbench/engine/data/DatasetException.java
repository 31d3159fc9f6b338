package org.moeworkbench.engine.data;

import java.nio.file.Path;

/**
 * A dataset that cannot be read as asked. The message names the file, the record or line, and what
 * was expected, so the CLI and the app can show it as it is.
 */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "FILE: WHERE: PROBLEM", e.g. "train-images-idx3-ubyte: record 12 of 60,000: expected 784 bytes ...". */
    public DatasetException(Path file, String where, String problem) {
        super(file + ": " + where + ": " + problem);
    }

    public DatasetException(Path file, String where, String problem, Throwable cause) {
        super(file + ": " + where + ": " + problem, cause);
    }
}
