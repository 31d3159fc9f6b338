package org.moeworkbench.engine.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The binary file of {@link Network#save}: the magic {@code MOEWNET1}, the optimiser iteration (int), the number
 * of parameters (int) then per parameter its name (modified UTF-8) and array ({@link Nd4j#write}), then the same
 * for the optimiser state entries ({@code name#m}, {@code name#v} or {@code name#buf}). Written to a temporary
 * file and moved into place, so a crash never leaves a half-written checkpoint under the final name.
 */
record NetworkCheckpoint(Map<String, INDArray> params, Map<String, INDArray> state, int iteration) {
    private static final String MAGIC = "MOEWNET1";

    static void write(Path file, Map<String, INDArray> params, Map<String, INDArray> state, int iteration)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
            out.writeUTF(MAGIC);
            out.writeInt(iteration);
            writeArrays(out, params);
            writeArrays(out, state);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static NetworkCheckpoint read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!magic.equals(MAGIC)) {
                throw new IOException(file + ": not a network checkpoint (starts with \"" + magic + "\", expected \""
                        + MAGIC + "\")");
            }
            int iteration = in.readInt();
            return new NetworkCheckpoint(readArrays(in), readArrays(in), iteration);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated network checkpoint", e);
        }
    }

    private static void writeArrays(DataOutputStream out, Map<String, INDArray> arrays) throws IOException {
        out.writeInt(arrays.size());
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            out.writeUTF(e.getKey());
            Nd4j.write(e.getValue(), out);
        }
    }

    private static Map<String, INDArray> readArrays(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            arrays.put(in.readUTF(), Nd4j.read(in));
        }
        return arrays;
    }
}
