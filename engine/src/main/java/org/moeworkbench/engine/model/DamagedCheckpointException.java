package org.moeworkbench.engine.model;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be trusted: truncated, damaged (checksum) or not a checkpoint. Names the file. */
public final class DamagedCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    public DamagedCheckpointException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
