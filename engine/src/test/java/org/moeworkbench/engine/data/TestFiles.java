package org.moeworkbench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.moeworkbench.engine.config.DataConfig;

/** Small dataset files written by the tests (the cli's fault-injection tests use them too). */
public final class TestFiles {
    private TestFiles() {}

    /**
     * A bad record refuses the strict read with a message holding every fragment, and the read that skips bad
     * records keeps {@code kept} train images and counts {@code skipped}; returns what the skipping read read.
     */
    static ImageDataset assertBadRecordNamedThenSkipped(
            DataConfig strict, DataConfig skipping, int kept, int skipped, String... fragments) throws IOException {
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.read(strict, null));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
        }
        ImageDataset read = Datasets.read(skipping, null);
        assertEquals(kept, read.train().size());
        assertEquals(skipped, read.skippedRecords());
        return read;
    }

    /** Pixel value of image i at byte p: a pattern that differs per image. */
    public static byte pixel(int i, int p) {
        return (byte) (i * 31 + p * 7);
    }

    public static byte[] idxImages(int magic, int count, int rows, int cols) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                out.write(pixel(i, p));
            }
        }
        return bytes.toByteArray();
    }

    public static byte[] idxLabels(int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x801);
        out.writeInt(labels.length);
        for (int l : labels) {
            out.write(l);
        }
        return bytes.toByteArray();
    }

    public static void write(Path file, byte[] content, boolean gzip) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out =
                gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    /** A CIFAR record stream: labels per record (1 byte, or coarse + fine), then a 3x32x32 pattern image. */
    public static byte[] cifar(int[][] labels) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < labels.length; i++) {
            for (int l : labels[i]) {
                bytes.write(l);
            }
            for (int p = 0; p < 3072; p++) {
                bytes.write(pixel(i, p));
            }
        }
        return bytes.toByteArray();
    }

    /** A 3-channel CHW pattern image. */
    public static byte[] rgb(int i, int size) {
        byte[] out = new byte[3 * size * size];
        for (int p = 0; p < out.length; p++) {
            out[p] = pixel(i, p);
        }
        return out;
    }
}
