package org.moeworkbench.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;

class CifarReaderTest {
    @TempDir
    Path dir;

    private static DataConfig config(Path source, boolean skip) {
        return new DataConfig(source.toString(), "auto", 32, 20_000, 7, 0.0, Task.CLASSES, Sampling.UNIFORM, skip);
    }

    @Test
    void readsCifar10BatchesWithClassNames() throws Exception {
        Path folder = dir.resolve("cifar-10-batches-bin");
        TestFiles.write(folder.resolve("data_batch_1.bin"), TestFiles.cifar(new int[][] {{3}, {9}, {0}}), false);
        TestFiles.write(folder.resolve("data_batch_2.bin"), TestFiles.cifar(new int[][] {{1}}), false);
        TestFiles.write(folder.resolve("test_batch.bin"), TestFiles.cifar(new int[][] {{5}, {6}}), false);
        Files.writeString(
                folder.resolve("batches.meta.txt"),
                "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
        assertEquals("cifar10", Datasets.detect(dir.toString()));
        ImageDataset ds = Datasets.read(config(dir, false), null);
        assertEquals(4, ds.train().size());
        assertEquals(2, ds.test().size());
        assertEquals(3, ds.channels());
        assertEquals(32, ds.height());
        assertEquals("cat", ds.classNames().get(ds.train().label(0)));
        assertEquals(1, ds.train().label(3));
        assertEquals(TestFiles.pixel(2, 1500), ds.train().image(2)[1500]);
        assertEquals(0, ds.train().tags(0).length);
    }

    @Test
    void readsCifar100WithFineClassAndFineAndCoarseTags() throws Exception {
        Path folder = dir.resolve("cifar-100-binary");
        TestFiles.write(folder.resolve("train.bin"), TestFiles.cifar(new int[][] {{4, 30}, {19, 99}}), false);
        TestFiles.write(folder.resolve("test.bin"), TestFiles.cifar(new int[][] {{0, 0}}), false);
        Files.writeString(
                folder.resolve("fine_label_names.txt"),
                IntStream.range(0, 100).mapToObj(i -> "fine" + i).collect(Collectors.joining("\n")));
        Files.writeString(
                folder.resolve("coarse_label_names.txt"),
                IntStream.range(0, 20).mapToObj(i -> "coarse" + i).collect(Collectors.joining("\n")));
        assertEquals("cifar100", Datasets.detect(folder.resolve("train.bin").toString()));
        ImageDataset ds = Datasets.read(config(dir, false), null);
        assertEquals(100, ds.classNames().size());
        assertEquals(120, ds.tagVocabulary().size());
        assertEquals(30, ds.train().label(0));
        List<String> tags = Arrays.stream(ds.train().tags(0))
                .mapToObj(ds.tagVocabulary()::get)
                .toList();
        assertEquals(List.of("fine30", "coarse4"), tags);
        assertArrayEquals(new int[] {99, 119}, ds.train().tags(1));
        assertEquals(1, ds.test().size());
    }

    @Test
    void truncatedRecordAndLabelOutOfRangeNameFileAndRecord() throws Exception {
        Path file = dir.resolve("data_batch_1.bin");
        byte[] records = TestFiles.cifar(new int[][] {{1}, {2}, {3}});
        TestFiles.write(file, Arrays.copyOf(records, 2 * 3073 + 100), false);
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.read(config(dir, false), null));
        assertTrue(
                e.getMessage().contains("data_batch_1.bin")
                        && e.getMessage().contains("record 3")
                        && e.getMessage().contains("truncated"),
                e.getMessage());
        assertEquals(2, Datasets.read(config(dir, true), null).train().size());

        TestFiles.write(file, TestFiles.cifar(new int[][] {{1}, {12}, {3}}), false);
        ImageDataset skipped = TestFiles.assertBadRecordNamedThenSkipped(
                config(dir, false),
                config(dir, true),
                2,
                1,
                "data_batch_1.bin",
                "record 2",
                "label 12 is out of range: expected 0..9");
    }
}
