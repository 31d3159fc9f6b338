package org.moeworkbench.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;

class FolderReadersTest {
    @TempDir
    Path dir;

    private static DataConfig config(Path source, String format, boolean skip) {
        return new DataConfig(source.toString(), format, 32, 20_000, 7, 0.0, Task.TAGS, Sampling.UNIFORM, skip);
    }

    private void png(String relative, int i, int size) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        ImageCodec.writePng(TestFiles.rgb(i, size), 3, size, size, file);
    }

    @Test
    void taggedFolderReadsPathsTagsClassesAndSplits() throws Exception {
        png("img/a.png", 0, 8);
        png("img/b.png", 1, 8);
        png("img/c d.png", 2, 8);
        Files.writeString(
                dir.resolve("tags.csv"),
                "path,tags,class,split\n"
                        + "img/a.png,sea beach beach,boat,train\n"
                        + "img/b.png,sea,car,test\n"
                        + "\"img/c d.png\",,boat,\n");
        assertEquals("tagged-folder", Datasets.detect(dir.toString()));
        ImageDataset ds = Datasets.read(config(dir, "auto", false), null);
        assertEquals(List.of("sea", "beach"), ds.tagVocabulary());
        assertEquals(List.of("boat", "car"), ds.classNames());
        assertEquals(2, ds.train().size());
        assertEquals(1, ds.test().size());
        assertArrayEquals(new int[] {0, 1}, ds.train().tags(0));
        assertArrayEquals(new int[0], ds.train().tags(1));
        assertEquals(1, ds.test().label(0));
        assertArrayEquals(TestFiles.rgb(1, 8), ds.test().image(0));
        assertEquals(8, ds.height());
    }

    @Test
    void taggedFolderWithoutHeaderAndResized() throws Exception {
        png("a.png", 0, 16);
        png("b.png", 1, 16);
        Files.writeString(dir.resolve("export.csv"), "a.png,x y\nb.png,y\n");
        ImageDataset ds = Datasets.read(config(dir, "tagged-folder", false), 4);
        assertEquals(4, ds.height());
        assertEquals(2, ds.train().size());
        assertEquals(List.of("y", "x"), ds.tagVocabulary());
        assertTrue(ds.classNames().isEmpty());
    }

    /** Of the folder's two records the bad one stops the strict read, naming the fragments, and is skipped. */
    private ImageDataset assertOneOfTwoSkipped(String... fragments) throws java.io.IOException {
        return TestFiles.assertBadRecordNamedThenSkipped(
                config(dir, "auto", false), config(dir, "auto", true), 1, 1, fragments);
    }

    @Test
    void tagsCsvNamingAMissingFileNamesCsvLineAndFile() throws Exception {
        png("a.png", 0, 8);
        Files.writeString(dir.resolve("tags.csv"), "path,tags\na.png,x\nmissing.png,y\n");
        ImageDataset ds = assertOneOfTwoSkipped("missing.png", "tags.csv line 3", "does not exist");
        assertTrue(ds.skipMessages().get(0).contains("tags.csv line 3"));
    }

    @Test
    void imageThatDoesNotDecodeNamesFileAndLine() throws Exception {
        png("a.png", 0, 8);
        Files.writeString(dir.resolve("broken.png"), "this is not a PNG");
        Files.writeString(dir.resolve("tags.csv"), "path,tags\nbroken.png,x\na.png,x\n");
        assertOneOfTwoSkipped("broken.png", "tags.csv line 2", "does not decode");
    }

    @Test
    void emptyFolderIsRejectedForEveryFolderFormat() {
        DatasetException auto = assertThrows(DatasetException.class, () -> Datasets.detect(dir.toString()));
        assertTrue(
                auto.getMessage().contains(dir.toString()) && auto.getMessage().contains("is empty"),
                auto.getMessage());
        DatasetException classes =
                assertThrows(DatasetException.class, () -> Datasets.read(config(dir, "class-folder", false), null));
        assertTrue(classes.getMessage().contains("no class folder with images"), classes.getMessage());
        DatasetException tagged =
                assertThrows(DatasetException.class, () -> Datasets.read(config(dir, "tagged-folder", false), null));
        assertTrue(tagged.getMessage().contains("no tags CSV"), tagged.getMessage());
    }

    @Test
    void classFolderReadsImageNetLayoutWithSplits() throws Exception {
        png("train/dog/1.png", 0, 8);
        png("train/dog/2.png", 1, 8);
        png("train/cat/1.png", 2, 8);
        png("val/cat/9.png", 3, 8);
        png("val/dog/9.png", 4, 8);
        assertEquals("class-folder", Datasets.detect(dir.toString()));
        ImageDataset ds = Datasets.read(config(dir, "auto", false), null);
        assertEquals(List.of("cat", "dog"), ds.classNames());
        assertEquals(3, ds.train().size());
        assertEquals(2, ds.validation().size());
        assertEquals(0, ds.test().size());
        assertEquals(0, ds.train().label(0));
        assertArrayEquals(TestFiles.rgb(2, 8), ds.train().image(0));
        assertEquals(1, ds.validation().label(1));
    }

    @Test
    void classFolderSkipsUndecodableImageAndCountsIt() throws Exception {
        png("dog/1.png", 0, 8);
        Files.writeString(dir.resolve("dog/2.png"), "not an image");
        png("cat/1.png", 1, 8);
        DatasetException e =
                assertThrows(DatasetException.class, () -> Datasets.read(config(dir, "class-folder", false), null));
        assertTrue(e.getMessage().contains("2.png") && e.getMessage().contains("does not decode"), e.getMessage());
        ImageDataset ds = Datasets.read(config(dir, "class-folder", true), null);
        assertEquals(2, ds.train().size());
        assertEquals(1, ds.skippedRecords());
    }

    @Test
    void greyImagesStayOneChannel() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        byte[] grey = new byte[36];
        Arrays.fill(grey, (byte) 100);
        ImageCodec.writePng(grey, 1, 6, 6, dir.resolve("a/g.png"));
        ImageDataset ds = Datasets.read(config(dir, "class-folder", false), null);
        assertEquals(1, ds.channels());
        assertEquals(100, ds.train().image(0)[0] & 0xFF);
    }
}
