package org.moeworkbench.engine.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset in one file, read back memory-mapped so splits larger than the heap stream from disk.
 *
 * <p>Layout (big-endian): int magic {@code MOED}, int version 1, UTF name, int channels, height, width,
 * int skipped records, int n + UTF class names, int n + UTF tag words, int 3, then per split: UTF name,
 * int size, long offset of its images, int[size] labels, per record int n + int[n] tags. Then the
 * image blocks, each at its offset: size x CHW uint8.
 */
public final class DatasetStore {
    private static final int MAGIC = 0x4D4F4544;
    private static final int VERSION = 1;

    private DatasetStore() {}

    /** Writes {@code dataset} to {@code file} (through a temporary file and a move, so readers never see half a file). */
    public static void write(ImageDataset dataset, Path file) throws IOException {
        List<DatasetSplit> splits = dataset.splits();
        long[] offsets = new long[splits.size()];
        byte[] header = header(dataset, offsets);
        long position = header.length;
        for (int s = 0; s < splits.size(); s++) {
            offsets[s] = position;
            position += (long) splits.get(s).size() * splits.get(s).imageBytes();
        }
        header = header(dataset, offsets);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                out.write(header);
                byte[] image = new byte[dataset.train().imageBytes()];
                for (DatasetSplit split : splits) {
                    for (int i = 0; i < split.size(); i++) {
                        split.copyImage(i, image, 0);
                        out.write(image);
                    }
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Writes a store whose images are already in {@code images}, every split's back to back in split order (train,
     * validation, test), so a set larger than the heap is stored without ever being in it. The labels and tags come
     * from {@code splits}, whose own images are not read.
     */
    static void write(
            String name,
            List<String> classNames,
            List<String> tagVocabulary,
            int channels,
            int height,
            int width,
            List<? extends DatasetSplit> splits,
            Path images,
            Path file)
            throws IOException {
        long[] offsets = new long[splits.size()];
        byte[] header = header(name, classNames, tagVocabulary, channels, height, width, 0, splits, offsets);
        long position = header.length;
        for (int s = 0; s < splits.size(); s++) {
            offsets[s] = position;
            position += (long) splits.get(s).size() * channels * height * width;
        }
        if (Files.size(images) != position - header.length) {
            throw new IOException(images + " holds " + Files.size(images) + " bytes: expected "
                    + (position - header.length) + " for the splits' images");
        }
        header = header(name, classNames, tagVocabulary, channels, height, width, 0, splits, offsets);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE);
                    FileChannel in = FileChannel.open(images, StandardOpenOption.READ)) {
                out.write(java.nio.ByteBuffer.wrap(header));
                long size = in.size();
                for (long done = 0; done < size; ) {
                    done += in.transferTo(done, size - done, out);
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] header(ImageDataset dataset, long[] offsets) throws IOException {
        return header(
                dataset.name(),
                dataset.classNames(),
                dataset.tagVocabulary(),
                dataset.channels(),
                dataset.height(),
                dataset.width(),
                dataset.skippedRecords(),
                dataset.splits(),
                offsets);
    }

    private static byte[] header(
            String name,
            List<String> classNames,
            List<String> tagVocabulary,
            int channels,
            int height,
            int width,
            int skippedRecords,
            List<? extends DatasetSplit> splits,
            long[] offsets)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(name);
        out.writeInt(channels);
        out.writeInt(height);
        out.writeInt(width);
        out.writeInt(skippedRecords);
        writeStrings(out, classNames);
        writeStrings(out, tagVocabulary);
        out.writeInt(splits.size());
        for (int s = 0; s < splits.size(); s++) {
            DatasetSplit split = splits.get(s);
            out.writeUTF(split.name());
            out.writeInt(split.size());
            out.writeLong(offsets[s]);
            for (int i = 0; i < split.size(); i++) {
                out.writeInt(split.label(i));
            }
            for (int i = 0; i < split.size(); i++) {
                int[] tags = split.tags(i);
                out.writeInt(tags.length);
                for (int t : tags) {
                    out.writeInt(t);
                }
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            out.writeUTF(s);
        }
    }

    /** Opens a store file with its images memory-mapped. */
    public static ImageDataset openMapped(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // The mappings stay valid after the channel closes.
            DataInputStream in =
                    new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new DatasetException(
                        file,
                        "header",
                        String.format(
                                "magic number 0x%08X: expected 0x%08X " + "(a MoE Workbench dataset store)",
                                magic, MAGIC));
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new DatasetException(file, "header", "version " + version + ": expected " + VERSION);
            }
            String name = in.readUTF();
            int channels = in.readInt();
            int height = in.readInt();
            int width = in.readInt();
            int skipped = in.readInt();
            List<String> classes = readStrings(in);
            List<String> vocabulary = readStrings(in);
            int splitCount = in.readInt();
            if (splitCount != 3) {
                throw new DatasetException(
                        file, "header", splitCount + " splits: expected 3 (train, validation, test)");
            }
            List<DatasetSplit> splits = new ArrayList<>();
            for (int s = 0; s < splitCount; s++) {
                String splitName = in.readUTF();
                int size = in.readInt();
                long offset = in.readLong();
                int[] labels = new int[size];
                for (int i = 0; i < size; i++) {
                    labels[i] = in.readInt();
                }
                int[][] tags = new int[size][];
                for (int i = 0; i < size; i++) {
                    tags[i] = new int[in.readInt()];
                    for (int k = 0; k < tags[i].length; k++) {
                        tags[i][k] = in.readInt();
                    }
                }
                splits.add(new MappedSplit(channel, file, offset, splitName, channels, height, width, labels, tags));
            }
            return new ImageDataset(
                    name,
                    classes,
                    vocabulary,
                    splits.get(0),
                    splits.get(1),
                    splits.get(2),
                    skipped,
                    skipped > 0 ? List.of(skipped + " bad records were skipped when the store was made") : List.of());
        } catch (java.io.EOFException e) {
            throw new DatasetException(file, "header", "the file ends early: expected a complete dataset store", e);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }
}
