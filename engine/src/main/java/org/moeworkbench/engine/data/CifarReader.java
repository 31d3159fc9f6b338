package org.moeworkbench.engine.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * CIFAR-10 and CIFAR-100 binary versions. A record is a label byte (CIFAR-100: coarse then fine
 * label) and 3072 bytes of a 32x32 RGB image, already channels-first. CIFAR-10: data_batch_1..5.bin
 * and test_batch.bin with batches.meta.txt; CIFAR-100: train.bin and test.bin with
 * fine_label_names.txt and coarse_label_names.txt. CIFAR-100's class is the fine label; its fine and
 * coarse labels are also the image's two tags.
 */
final class CifarReader {
    private static final int SIDE = 32;
    private static final int IMAGE_BYTES = 3 * SIDE * SIDE;

    private CifarReader() {}

    /** The folder holding the files: {@code source}, its parent, or the usual subfolder. */
    static Path folder(Path source, boolean hundred) {
        Path dir = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        Path sub = dir.resolve(hundred ? "cifar-100-binary" : "cifar-10-batches-bin");
        return Files.isDirectory(sub) ? sub : dir;
    }

    static boolean looksLikeCifar10(Path dir) {
        Path f = folder(dir, false);
        return Files.isRegularFile(f.resolve("data_batch_1.bin")) || Files.isRegularFile(f.resolve("test_batch.bin"));
    }

    static boolean looksLikeCifar100(Path dir) {
        Path f = folder(dir, true);
        return Files.isRegularFile(f.resolve("train.bin")) || Files.isRegularFile(f.resolve("test.bin"));
    }

    static ImageDataset readCifar10(Path source, boolean skipBadRecords) {
        Path dir = folder(source, false);
        BadRecords bad = new BadRecords(skipBadRecords);
        List<String> classes = names(dir.resolve("batches.meta.txt"), 10, "class_");
        SplitBuilder train = new SplitBuilder("train", 3, SIDE, SIDE);
        for (int b = 1; b <= 5; b++) {
            Path file = dir.resolve("data_batch_" + b + ".bin");
            if (Files.isRegularFile(file)) {
                readRecords(file, false, train, bad);
            }
        }
        SplitBuilder test = new SplitBuilder("test", 3, SIDE, SIDE);
        Path testFile = dir.resolve("test_batch.bin");
        if (Files.isRegularFile(testFile)) {
            readRecords(testFile, false, test, bad);
        }
        requireSome(dir, train, test, "data_batch_1..5.bin / test_batch.bin");
        return new ImageDataset(
                "cifar10: " + dir,
                classes,
                List.of(),
                train.build(false),
                InMemorySplit.empty("validation", 3, SIDE, SIDE),
                test.build(false),
                bad.count(),
                bad.messages());
    }

    static ImageDataset readCifar100(Path source, boolean skipBadRecords) {
        Path dir = folder(source, true);
        BadRecords bad = new BadRecords(skipBadRecords);
        List<String> fine = names(dir.resolve("fine_label_names.txt"), 100, "fine_");
        List<String> coarse = names(dir.resolve("coarse_label_names.txt"), 20, "coarse_");
        List<String> vocabulary = new ArrayList<>(fine);
        Set<String> seen = new HashSet<>(fine);
        for (String c : coarse) {
            vocabulary.add(seen.contains(c) ? "coarse:" + c : c);
        }
        SplitBuilder train = new SplitBuilder("train", 3, SIDE, SIDE);
        SplitBuilder test = new SplitBuilder("test", 3, SIDE, SIDE);
        if (Files.isRegularFile(dir.resolve("train.bin"))) {
            readRecords(dir.resolve("train.bin"), true, train, bad);
        }
        if (Files.isRegularFile(dir.resolve("test.bin"))) {
            readRecords(dir.resolve("test.bin"), true, test, bad);
        }
        requireSome(dir, train, test, "train.bin / test.bin");
        return new ImageDataset(
                "cifar100: " + dir,
                fine,
                vocabulary,
                train.build(true),
                InMemorySplit.empty("validation", 3, SIDE, SIDE),
                test.build(true),
                bad.count(),
                bad.messages());
    }

    private static void requireSome(Path dir, SplitBuilder train, SplitBuilder test, String expected) {
        if (train.size() == 0 && test.size() == 0) {
            throw new DatasetException(dir, "folder", "no records: expected CIFAR binary files " + expected);
        }
    }

    private static void readRecords(Path file, boolean hundred, SplitBuilder split, BadRecords bad) {
        int labelBytes = hundred ? 2 : 1;
        byte[] record = new byte[labelBytes + IMAGE_BYTES];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long expected = Files.size(file) / record.length;
            for (int r = 1; ; r++) {
                int got = in.readNBytes(record, 0, record.length);
                if (got == 0) {
                    return;
                }
                if (got < record.length) {
                    bad.report(new DatasetException(
                            file,
                            "record " + r,
                            "the file ends after " + got + " of its "
                                    + record.length + " bytes: expected whole records of " + record.length
                                    + " bytes (truncated file; " + expected + " complete records before it)"));
                    return;
                }
                if (hundred) {
                    int coarse = record[0] & 0xFF;
                    int fine = record[1] & 0xFF;
                    if (fine >= 100 || coarse >= 20) {
                        bad.report(new DatasetException(
                                file,
                                "record " + r,
                                "labels coarse " + coarse + ", fine " + fine
                                        + " are out of range: expected coarse 0..19 and fine 0..99"));
                        continue;
                    }
                    split.add(record, labelBytes, fine, new int[] {fine, 100 + coarse});
                } else {
                    int label = record[0] & 0xFF;
                    if (label >= 10) {
                        bad.report(new DatasetException(
                                file, "record " + r, "label " + label + " is out of range: expected 0..9"));
                        continue;
                    }
                    split.add(record, labelBytes, label, new int[0]);
                }
            }
        } catch (IOException e) {
            throw new DatasetException(file, "reading", e.getMessage() + ": expected a readable CIFAR binary file", e);
        }
    }

    /** Label names, one a line; numbered placeholders if the file is absent. */
    private static List<String> names(Path file, int count, String placeholder) {
        if (!Files.isRegularFile(file)) {
            return IntStream.range(0, count).mapToObj(i -> placeholder + i).toList();
        }
        try {
            List<String> names = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
            if (names.size() != count) {
                throw new DatasetException(file, "lines", names.size() + " names: expected " + count);
            }
            return names;
        } catch (IOException e) {
            throw new DatasetException(file, "reading", e.getMessage() + ": expected a text file of label names", e);
        }
    }
}
