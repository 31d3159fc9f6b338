package org.moeworkbench.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleSourceTest {
    @TempDir
    Path cache;

    @Test
    void sameSeedSameHashDifferentSeedDifferentHash() {
        String a = SampleSource.generate(1, 500, 16).sha256();
        assertEquals(a, SampleSource.generate(1, 500, 16).sha256());
        assertNotEquals(a, SampleSource.generate(2, 500, 16).sha256());
        assertNotEquals(a, SampleSource.generate(1, 501, 16).sha256());
        assertEquals(64, a.length());
    }

    @Test
    void cachedSetIsMemoryMappedAndHasTheSameContent() throws Exception {
        ImageDataset first = SampleSource.open(cache, 4, 300, 16);
        Path file = SampleSource.cacheFile(cache, 4, 300, 16);
        assertTrue(Files.isRegularFile(file));
        ImageDataset second = SampleSource.open(cache, 4, 300, 16);
        assertTrue(second.train() instanceof MappedSplit, "read back from the cache file");
        assertEquals(first.sha256(), second.sha256());
        assertEquals(240, second.train().size());
        assertEquals(60, second.test().size());
        assertArrayEquals(first.test().image(59), second.test().image(59));
        assertArrayEquals(first.train().tags(7), second.train().tags(7));
    }

    @Test
    void setGeneratedInBlocksIsTheSetGeneratedWhole() throws Exception {
        // 1,234 images: the last 2,000-image block is partial, and the train/test border falls inside it.
        ImageDataset whole = SampleSource.generate(9, 1234, 16);
        Path file = cache.resolve("blocks.moeds");
        SampleSource.generateInto(file, 9, 1234, 16);
        ImageDataset streamed = DatasetStore.openMapped(file);
        assertEquals(whole.sha256(), streamed.sha256());
        assertEquals(whole.name(), streamed.name());
        assertEquals(whole.tagVocabulary(), streamed.tagVocabulary());
        assertArrayEquals(whole.test().image(246), streamed.test().image(246));
        try (var left = Files.list(cache)) {
            assertEquals(List.of(file), left.toList(), "no temporary image or part files stay behind");
        }
    }

    /**
     * The default sample set (20,000 images of 64 px, 246 MB) used to be generated whole in the heap, twice over, and
     * a training process's fixed 384 MB heap ran out before its first step. A set twice the size of the heap must
     * now generate and cache in it.
     */
    @Test
    void aSetLargerThanTheHeapIsGeneratedIntoTheCache() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xms64m",
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        OpenSampleSet.class.getName(),
                        cache.toString(),
                        "11000",
                        "64")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.contains("train 8800 test 2200"), output);
        long imageBytes = 11000L * 3 * 64 * 64; // 135 MB, twice the heap
        assertTrue(Files.size(SampleSource.cacheFile(cache, 7, 11000, 64)) > imageBytes, "the images are in the file");
    }

    /** Opens a sample set in a small heap (the test above runs it in its own JVM). */
    public static final class OpenSampleSet {
        public static void main(String[] args) {
            ImageDataset ds =
                    SampleSource.open(Path.of(args[0]), 7, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            System.out.println(
                    "train " + ds.train().size() + " test " + ds.test().size());
        }
    }

    @Test
    void unreadableCacheFileIsReplaced() throws Exception {
        Path file = SampleSource.cacheFile(cache, 4, 50, 16);
        Files.createDirectories(cache);
        Files.writeString(file, "garbage");
        ImageDataset ds = SampleSource.open(cache, 4, 50, 16);
        assertEquals(SampleSource.generate(4, 50, 16).sha256(), ds.sha256());
        assertTrue(Files.size(file) > 1000);
    }

    @Test
    void storeRejectsWrongMagic() throws Exception {
        Path file = cache.resolve("x.moeds");
        Files.write(file, new byte[] {1, 2, 3, 4, 0, 0, 0, 1});
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetStore.openMapped(file));
        assertTrue(e.getMessage().contains("x.moeds") && e.getMessage().contains("magic number"), e.getMessage());
    }

    @Test
    void validationIsHeldOutOfTrainDeterministicallyAndDisjointly() {
        ImageDataset ds = SampleSource.generate(3, 400, 16);
        ImageDataset split = Datasets.holdOutValidation(ds, 0.25);
        assertEquals(80, split.validation().size());
        assertEquals(240, split.train().size());
        assertEquals(80, split.test().size());
        assertEquals(split.sha256(), Datasets.holdOutValidation(ds, 0.25).sha256());
        assertNotEquals(ds.sha256(), split.sha256());
        Set<String> trainImages = new HashSet<>();
        for (int i = 0; i < split.train().size(); i++) {
            trainImages.add(Arrays.toString(split.train().image(i)));
        }
        for (int i = 0; i < split.validation().size(); i++) {
            assertTrue(!trainImages.contains(Arrays.toString(split.validation().image(i))));
        }
    }

    @Test
    void tagFrequencyIsLongTailed() {
        ImageDataset ds = SampleSource.generate(7, 4000, 16);
        int[] counts = Datasets.tagCounts(ds, ds.splits());
        Arrays.sort(counts);
        int top = counts[counts.length - 1];
        int median = counts[counts.length / 2];
        assertTrue(top > 8 * median, "top tag " + top + " vs median " + median);
        assertTrue(ds.tagVocabulary().size() >= 60 && ds.tagVocabulary().size() <= 120);
    }

    @Test
    void labelOutOfRangeInADatasetIsRejected() {
        InMemorySplit bad = new InMemorySplit("train", 1, 2, 2, new byte[8], new int[] {0, 5}, null);
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> new ImageDataset(
                        "t",
                        java.util.List.of("a", "b"),
                        java.util.List.of(),
                        bad,
                        InMemorySplit.empty("validation", 1, 2, 2),
                        InMemorySplit.empty("test", 1, 2, 2),
                        0,
                        java.util.List.of()));
        assertTrue(
                e.getMessage().contains("record 1") && e.getMessage().contains("label 5 is out of range"),
                e.getMessage());
    }
}
