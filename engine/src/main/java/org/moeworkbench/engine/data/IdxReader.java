package org.moeworkbench.engine.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * IDX files (MNIST, Fashion-MNIST), raw or gzip: the {@code train-} and {@code t10k-} image / label
 * pairs of a folder (or of the folder of a given images file). Images are grey (1 channel), labels
 * 0..9. Class names are Fashion-MNIST's when the path says "fashion", else the digits.
 */
final class IdxReader {
    static final Pattern FILE = Pattern.compile("(train|t10k)-(images|labels)[.-]idx([13])-ubyte(\\.gz)?");
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    private static final List<String> FASHION = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private IdxReader() {}

    /** True if {@code dir} holds IDX files of the expected names. */
    static boolean looksLike(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> FILE.matcher(f.getFileName().toString()).matches());
        } catch (IOException e) {
            return false;
        }
    }

    static ImageDataset read(Path source, boolean skipBadRecords) {
        Path dir = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        BadRecords bad = new BadRecords(skipBadRecords);
        Path trainImages = find(dir, "train", "images", 3);
        Path trainLabels = find(dir, "train", "labels", 1);
        Path testImages = find(dir, "t10k", "images", 3);
        Path testLabels = find(dir, "t10k", "labels", 1);
        if (trainImages == null && testImages == null) {
            throw new DatasetException(
                    dir,
                    "folder",
                    "no IDX images file: expected train-images-idx3-ubyte[.gz] "
                            + "and/or t10k-images-idx3-ubyte[.gz] with their labels files");
        }
        List<String> classes = dir.toString().toLowerCase(Locale.ROOT).contains("fashion") ? FASHION : DIGITS;
        InMemorySplit train = readPair("train", trainImages, trainLabels, classes.size(), bad);
        InMemorySplit test = readPair("test", testImages, testLabels, classes.size(), bad);
        InMemorySplit shapeOf = train.size() > 0 ? train : test;
        if (train.size() > 0 && test.size() > 0 && (train.height() != test.height() || train.width() != test.width())) {
            throw new DatasetException(
                    testImages,
                    "header",
                    "images of " + test.height() + "x" + test.width() + ": expected " + train.height() + "x"
                            + train.width() + " like " + trainImages.getFileName());
        }
        return new ImageDataset(
                "idx: " + dir,
                classes,
                List.of(),
                fix(train, shapeOf),
                InMemorySplit.empty("validation", 1, shapeOf.height(), shapeOf.width()),
                fix(test, shapeOf),
                bad.count(),
                bad.messages());
    }

    private static InMemorySplit fix(InMemorySplit split, InMemorySplit shape) {
        return split.size() > 0 ? split : InMemorySplit.empty(split.name(), 1, shape.height(), shape.width());
    }

    private static Path find(Path dir, String prefix, String kind, int dims) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                        Matcher m = FILE.matcher(f.getFileName().toString());
                        return m.matches()
                                && m.group(1).equals(prefix)
                                && m.group(2).equals(kind)
                                && m.group(3).equals(Integer.toString(dims));
                    })
                    .sorted()
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            throw new DatasetException(dir, "folder", "cannot list it (" + e.getMessage() + ")", e);
        }
    }

    private static InMemorySplit readPair(String split, Path images, Path labels, int classes, BadRecords bad) {
        if (images == null) {
            return InMemorySplit.empty(split, 1, 1, 1);
        }
        if (labels == null) {
            throw new DatasetException(
                    images,
                    "folder",
                    "no labels file next to it: expected "
                            + images.getFileName()
                                    .toString()
                                    .replace("images", "labels")
                                    .replace("idx3", "idx1"));
        }
        try (DataInputStream imageIn = open(images);
                DataInputStream labelIn = open(labels)) {
            header(imageIn, images, IMAGES_MAGIC);
            int count = imageIn.readInt();
            int rows = imageIn.readInt();
            int cols = imageIn.readInt();
            if (count < 0 || rows < 1 || cols < 1 || (long) rows * cols > (1 << 24)) {
                throw new DatasetException(
                        images,
                        "header",
                        count + " images of " + rows + "x" + cols + ": expected a positive count and size");
            }
            header(labelIn, labels, LABELS_MAGIC);
            int labelCount = labelIn.readInt();
            if (labelCount != count) {
                throw new DatasetException(
                        labels, "header", labelCount + " labels: expected " + count + " like " + images.getFileName());
            }
            SplitBuilder builder = new SplitBuilder(split, 1, rows, cols);
            byte[] image = new byte[rows * cols];
            for (int i = 0; i < count; i++) {
                int got = readFully(imageIn, image);
                if (got < image.length) {
                    bad.report(
                            new DatasetException(
                                    images,
                                    "record " + (i + 1) + " of " + count,
                                    "the file ends "
                                            + (got < 0
                                                    ? "inside this record"
                                                    : "after " + got + " of its " + image.length + " bytes")
                                            + ": expected " + count
                                            + " complete images (truncated file)"),
                            count - i);
                    break;
                }
                int label = readByte(labelIn);
                if (label < 0) {
                    bad.report(
                            new DatasetException(
                                    labels,
                                    "record " + (i + 1) + " of " + count,
                                    "the file ends: expected " + count + " labels (truncated file)"),
                            count - i);
                    break;
                }
                if (label >= classes) {
                    bad.report(new DatasetException(
                            labels,
                            "record " + (i + 1) + " of " + count,
                            "label " + label + " is out of range: expected 0.." + (classes - 1)));
                    continue;
                }
                builder.add(image, 0, label, new int[0]);
            }
            verifyToEnd(imageIn, images);
            verifyToEnd(labelIn, labels);
            return builder.build(false);
        } catch (EOFException e) {
            throw new DatasetException(images, "header", "the file ends inside its header: expected an IDX header", e);
        } catch (DamagedCompressedFile e) {
            throw new DatasetException(
                    e.file,
                    "gzip check",
                    "the compressed data is damaged ("
                            + (e.getCause().getMessage() != null
                                    ? e.getCause().getMessage()
                                    : "it ends before its gzip trailer")
                            + "): copy or download the file again, or check it with gzip -t",
                    e.getCause());
        } catch (java.util.zip.ZipException e) {
            throw new DatasetException(
                    images,
                    "gzip check",
                    "the compressed data of this file or of " + labels.getFileName() + " is damaged (" + e.getMessage()
                            + "): copy or download it again, or check it with gzip -t",
                    e);
        } catch (IOException e) {
            throw new DatasetException(
                    images, "reading", e.getMessage() + ": expected a readable IDX file (raw or .gz)", e);
        }
    }

    /**
     * Reads a gzip file to its end, so that its CRC-32 and length are checked: the records are read without
     * reaching the trailer, and a file with flipped bytes whose inflation happens to succeed would be trained on.
     */
    private static void verifyToEnd(InputStream in, Path file) throws IOException {
        if (!file.getFileName().toString().endsWith(".gz")) {
            return;
        }
        byte[] rest = new byte[1 << 16];
        try {
            while (in.read(rest) >= 0) {
                // only the trailer check matters
            }
        } catch (IOException e) {
            throw new DamagedCompressedFile(file, e);
        }
    }

    /** A gzip file whose check at its end failed; carries the file so the message names it. */
    private static final class DamagedCompressedFile extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path file;

        DamagedCompressedFile(Path file, IOException cause) {
            super(cause);
            this.file = file;
        }
    }

    /** Bytes read into {@code buffer} (fewer at the end of the file), or -1 if a gzip stream is cut short. */
    private static int readFully(InputStream in, byte[] buffer) throws IOException {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (EOFException e) {
            return -1;
        }
    }

    private static int readByte(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (EOFException e) {
            return -1;
        }
    }

    private static int header(DataInputStream in, Path file, int expected) throws IOException {
        int magic = in.readInt();
        if (magic != expected) {
            throw new DatasetException(
                    file,
                    "header",
                    String.format(
                            "magic number 0x%08X: expected 0x%08X (IDX %s)",
                            magic,
                            expected,
                            expected == IMAGES_MAGIC ? "uint8 images, 3 dimensions" : "uint8 labels, 1 dimension"));
        }
        return magic;
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(in);
    }
}
