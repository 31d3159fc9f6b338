package org.moeworkbench.engine.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The binary file of {@link Network#save}: the magic {@code MOEWNET2}, the optimiser iteration (int), the number
 * of parameters (int) then per parameter its name (modified UTF-8) and array ({@link Nd4j#write}), then the same
 * for the optimiser state entries ({@code name#m}, {@code name#v} or {@code name#buf}), and last the CRC-32C of
 * all bytes before it (long). Written to a temporary file and moved into place, so a crash never leaves a
 * half-written checkpoint under the final name; the checksum catches what happens to the file afterwards (a bad
 * disk, a copy cut short, flipped bytes), which would otherwise load and turn the run to NaN steps later.
 * {@code MOEWNET1} files (no checksum) still load.
 */
record NetworkCheckpoint(Map<String, INDArray> params, Map<String, INDArray> state, int iteration) {
    private static final String MAGIC = "MOEWNET2";
    private static final String MAGIC_WITHOUT_CHECKSUM = "MOEWNET1";
    private static final int CHECKSUM_BYTES = Long.BYTES;

    static void write(Path file, Map<String, INDArray> params, Map<String, INDArray> state, int iteration)
            throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try (OutputStream file0 = new BufferedOutputStream(Files.newOutputStream(temp))) {
            CheckedOutputStream checked = new CheckedOutputStream(file0, new CRC32C());
            DataOutputStream out = new DataOutputStream(checked);
            out.writeUTF(MAGIC);
            out.writeInt(iteration);
            writeArrays(out, params);
            writeArrays(out, state);
            out.flush();
            new DataOutputStream(file0).writeLong(checked.getChecksum().getValue());
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a checkpoint, checking its checksum before any array is parsed (a damaged shape could ask for any
     * amount of memory).
     *
     * @throws DamagedCheckpointException if the file is truncated, damaged or not a checkpoint
     */
    static NetworkCheckpoint read(Path file) throws IOException {
        boolean checked = verify(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            String magic = in.readUTF();
            if (!magic.equals(checked ? MAGIC : MAGIC_WITHOUT_CHECKSUM)) {
                throw new DamagedCheckpointException(
                        file, "not a network checkpoint (starts with \"" + magic + "\", expected \"" + MAGIC + "\")");
            }
            int iteration = in.readInt();
            return new NetworkCheckpoint(readArrays(in), readArrays(in), iteration);
        } catch (EOFException e) {
            throw new DamagedCheckpointException(file, "truncated (the file ends inside an array)");
        } catch (RuntimeException e) { // ND4J's reader reports a damaged array header this way
            throw new DamagedCheckpointException(file, "an array does not decode (" + e.getMessage() + ")");
        }
    }

    /** Checks a {@code MOEWNET2} file's checksum; false for a {@code MOEWNET1} file, which has none. */
    private static boolean verify(Path file) throws IOException {
        long size = Files.size(file);
        String magic;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            magic = in.readUTF();
        } catch (EOFException | java.io.UTFDataFormatException e) {
            throw new DamagedCheckpointException(file, "truncated or not a checkpoint (" + size + " bytes)");
        }
        if (magic.equals(MAGIC_WITHOUT_CHECKSUM)) {
            return false;
        }
        if (!magic.equals(MAGIC)) {
            throw new DamagedCheckpointException(
                    file, "not a network checkpoint (starts with \"" + magic + "\", expected \"" + MAGIC + "\")");
        }
        if (size < MAGIC.length() + 2 + CHECKSUM_BYTES) {
            throw new DamagedCheckpointException(file, "truncated (" + size + " bytes)");
        }
        CRC32C crc = new CRC32C();
        long stored;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buffer = new byte[1 << 16];
            long left = size - CHECKSUM_BYTES;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new DamagedCheckpointException(file, "truncated while it was read");
                }
                crc.update(buffer, 0, n);
                left -= n;
            }
            stored = new DataInputStream(in).readLong();
        }
        if (stored != crc.getValue()) {
            throw new DamagedCheckpointException(
                    file,
                    String.format(
                            "damaged: its CRC-32C is %08x, the file says %08x (flipped bytes or a truncated copy)",
                            crc.getValue(), stored));
        }
        return true;
    }

    private static void writeArrays(DataOutputStream out, Map<String, INDArray> arrays) throws IOException {
        out.writeInt(arrays.size());
        // by name: the networks' maps iterate in a per-JVM order (Map.copyOf), and the same weights must give the same
        // bytes in any JVM (a run trained on a Spark executor is compared bit for bit with the local one)
        for (Map.Entry<String, INDArray> e : new java.util.TreeMap<>(arrays).entrySet()) {
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
