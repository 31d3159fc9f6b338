package org.moeworkbench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;

class IdxReaderTest {
    @TempDir
    Path dir;

    private void writeSet(boolean gzip, int trainCount, int testCount) throws Exception {
        String gz = gzip ? ".gz" : "";
        int[] trainLabels = new int[trainCount];
        Arrays.setAll(trainLabels, i -> i % 10);
        int[] testLabels = new int[testCount];
        Arrays.setAll(testLabels, i -> (i + 3) % 10);
        TestFiles.write(
                dir.resolve("train-images-idx3-ubyte" + gz), TestFiles.idxImages(0x803, trainCount, 5, 4), gzip);
        TestFiles.write(dir.resolve("train-labels-idx1-ubyte" + gz), TestFiles.idxLabels(trainLabels), gzip);
        TestFiles.write(dir.resolve("t10k-images-idx3-ubyte" + gz), TestFiles.idxImages(0x803, testCount, 5, 4), gzip);
        TestFiles.write(dir.resolve("t10k-labels-idx1-ubyte" + gz), TestFiles.idxLabels(testLabels), gzip);
    }

    private static DataConfig config(Path source, boolean skip) {
        return new DataConfig(source.toString(), "auto", 32, 20_000, 7, 0.0, Task.CLASSES, Sampling.UNIFORM, skip);
    }

    @Test
    void readsRawAndGzipPairsFromAFolderOrTheImagesFile() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            Files.list(dir).forEach(f -> f.toFile().delete());
            writeSet(gzip, 12, 5);
            assertEquals("idx", Datasets.detect(dir.toString()));
            ImageDataset ds = Datasets.read(config(dir, false), null);
            assertEquals(1, ds.channels());
            assertEquals(5, ds.height());
            assertEquals(4, ds.width());
            assertEquals(12, ds.train().size());
            assertEquals(5, ds.test().size());
            assertEquals(10, ds.classNames().size());
            assertEquals(7, ds.train().label(7));
            assertEquals(TestFiles.pixel(3, 6), ds.train().image(3)[6]);
            assertEquals(TestFiles.pixel(4, 19), ds.test().image(4)[19]);
            Path imagesFile = dir.resolve("train-images-idx3-ubyte" + (gzip ? ".gz" : ""));
            assertEquals(
                    ds.sha256(), Datasets.read(config(imagesFile, false), null).sha256());
        }
    }

    @Test
    void resizesToTheConfiguredSizeAndStaysGrey() throws Exception {
        writeSet(false, 10, 2);
        ImageDataset ds = Datasets.open(
                new DataConfig(dir.toString(), "idx", 8, 20_000, 7, 0.2, Task.CLASSES, Sampling.UNIFORM, false));
        assertEquals(1, ds.channels());
        assertEquals(8, ds.height());
        assertEquals(8, ds.width());
        assertEquals(8, ds.train().size());
        assertEquals(2, ds.validation().size());
    }

    @Test
    void truncatedImagesFileNamesFileAndRecord() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            Files.list(dir).forEach(f -> f.toFile().delete());
            writeSet(gzip, 12, 5);
            String gz = gzip ? ".gz" : "";
            byte[] full = TestFiles.idxImages(0x803, 12, 5, 4);
            TestFiles.write(dir.resolve("train-images-idx3-ubyte" + gz), Arrays.copyOf(full, 16 + 20 * 9 + 7), gzip);
            ImageDataset skipped = TestFiles.assertBadRecordNamedThenSkipped(
                    config(dir, false),
                    config(dir, true),
                    9,
                    3,
                    "train-images-idx3-ubyte",
                    "record 10 of 12",
                    "truncated");
            assertTrue(skipped.skipMessages().get(0).contains("record 10 of 12"));
        }
    }

    @Test
    void gzipFileCutShortIsReportedAsTruncated() throws Exception {
        writeSet(true, 300, 2);
        Path file = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] gz = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(gz, gz.length / 2));
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.read(config(dir, false), null));
        assertTrue(
                e.getMessage().contains("train-images-idx3-ubyte.gz")
                        && e.getMessage().contains("of 300")
                        && e.getMessage().contains("truncated"),
                e.getMessage());
    }

    @Test
    void wrongMagicNumberIsRejected() throws Exception {
        writeSet(false, 4, 2);
        TestFiles.write(dir.resolve("t10k-images-idx3-ubyte"), TestFiles.idxImages(0x802, 2, 5, 4), false);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.read(config(dir, true), null));
        assertTrue(
                e.getMessage().contains("t10k-images-idx3-ubyte")
                        && e.getMessage().contains("magic number 0x00000802")
                        && e.getMessage().contains("expected 0x00000803"),
                e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesRecordAndIsSkippable() throws Exception {
        writeSet(false, 6, 2);
        TestFiles.write(
                dir.resolve("train-labels-idx1-ubyte"), TestFiles.idxLabels(new int[] {1, 2, 12, 3, 4, 5}), false);
        ImageDataset ds = TestFiles.assertBadRecordNamedThenSkipped(
                config(dir, false),
                config(dir, true),
                5,
                1,
                "train-labels-idx1-ubyte",
                "record 3 of 6",
                "label 12 is out of range: expected 0..9");
        assertEquals(3, ds.train().label(2));
    }

    @Test
    void countMismatchBetweenImagesAndLabelsIsRejected() throws Exception {
        writeSet(false, 6, 2);
        TestFiles.write(dir.resolve("train-labels-idx1-ubyte"), TestFiles.idxLabels(new int[] {1, 2, 3}), false);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.read(config(dir, false), null));
        assertTrue(e.getMessage().contains("3 labels: expected 6"), e.getMessage());
    }
}
