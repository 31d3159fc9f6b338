package org.moeworkbench.engine.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.moeworkbench.sample.SampleGenerator;
import org.moeworkbench.sample.SampleSet;

/**
 * The generated sample set as an {@link ImageDataset}: the last fifth of the images is the test split,
 * the rest is train. Cached on disk (keyed by generator version, seed, count and size) in
 * {@code $MOE_CACHE_DIR}, default {@code ~/.cache/moe-workbench}, and read back memory-mapped.
 */
public final class SampleSource {
    /** Share of the generated images that form the test split. */
    public static final double TEST_FRACTION = 0.2;

    private SampleSource() {}

    /** The cache folder: system property {@code moe.cacheDir}, else {@code $MOE_CACHE_DIR}, else {@code ~/.cache/moe-workbench}. */
    public static Path cacheDir() {
        String property = System.getProperty("moe.cacheDir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String env = System.getenv("MOE_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "moe-workbench");
    }

    public static Path cacheFile(Path cacheDir, long seed, int count, int size) {
        return cacheDir.resolve(
                String.format("sample-v%d-seed%d-n%d-%dpx.moeds", SampleGenerator.VERSION, seed, count, size));
    }

    /** The sample set from the cache, generating (and caching) it if absent or unreadable. */
    public static ImageDataset open(long seed, int count, int size) {
        return open(cacheDir(), seed, count, size);
    }

    public static ImageDataset open(Path cacheDir, long seed, int count, int size) {
        Path file = cacheFile(cacheDir, seed, count, size);
        if (Files.isRegularFile(file)) {
            try {
                return DatasetStore.openMapped(file);
            } catch (IOException | DatasetException e) {
                System.err.println("warning: cached sample set " + file + " is unreadable (" + e.getMessage()
                        + "); generating it again");
            }
        }
        try {
            generateInto(file, seed, count, size);
            return DatasetStore.openMapped(file);
        } catch (IOException e) {
            System.err.println("warning: could not cache the sample set in " + file + " (" + e
                    + "); it will be generated again next time");
        }
        try {
            // Still a file, not the heap: the default set is larger than a training process's heap.
            Path temporary = Files.createTempFile("moe-sample-", ".moeds");
            temporary.toFile().deleteOnExit();
            generateInto(temporary, seed, count, size);
            return DatasetStore.openMapped(temporary);
        } catch (IOException e) {
            return generate(seed, count, size);
        }
    }

    /**
     * Generates the sample set straight into a store file, a block of images at a time: the default set (20,000
     * images of 64 px, 246 MB) is larger than a training process's fixed heap ({@code TrainingHeap}, 384 MB), so it
     * must never be whole in the heap.
     */
    static void generateInto(Path file, long seed, int count, int size) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path images = Files.createTempFile(dir, file.getFileName().toString(), ".images");
        try {
            int[] labels = new int[count];
            int[][] tags = new int[count][];
            try (FileChannel out = FileChannel.open(images, StandardOpenOption.WRITE)) {
                SampleGenerator.generate(
                        seed, count, size, BLOCK_IMAGES, (first, n, pixels, blockLabels, blockTags, scenes) -> {
                            ByteBuffer buffer = ByteBuffer.wrap(pixels, 0, n * SampleSet.CHANNELS * size * size);
                            while (buffer.hasRemaining()) {
                                out.write(buffer);
                            }
                            System.arraycopy(blockLabels, 0, labels, first, n);
                            System.arraycopy(blockTags, 0, tags, first, n);
                        });
            }
            int train = count - testCount(count);
            int c = SampleSet.CHANNELS;
            List<DatasetSplit> splits = List.of(
                    new LabelsOnlySplit(
                            "train", c, size, Arrays.copyOfRange(labels, 0, train), Arrays.copyOfRange(tags, 0, train)),
                    new LabelsOnlySplit("validation", c, size, new int[0], new int[0][]),
                    new LabelsOnlySplit(
                            "test",
                            c,
                            size,
                            Arrays.copyOfRange(labels, train, count),
                            Arrays.copyOfRange(tags, train, count)));
            DatasetStore.write(
                    name(seed, count, size),
                    SampleGenerator.classNames(),
                    SampleGenerator.vocabulary(),
                    c,
                    size,
                    size,
                    splits,
                    images,
                    file);
        } finally {
            Files.deleteIfExists(images);
        }
    }

    /** Images per generated block: 2,000 images of 64 px are 24 MB. */
    private static final int BLOCK_IMAGES = 2000;

    /** A split's labels and tags for a store's header; its images are in a file. */
    private static final class LabelsOnlySplit extends StoredSplit {
        LabelsOnlySplit(String name, int channels, int size, int[] labels, int[][] tags) {
            super(name, channels, size, size, labels, tags);
        }

        @Override
        public void copyImage(int index, byte[] target, int offset) {
            throw new UnsupportedOperationException("the images of " + name() + " are in the store's image file");
        }
    }

    private static int testCount(int count) {
        return (int) Math.round(count * TEST_FRACTION);
    }

    private static String name(long seed, int count, int size) {
        return String.format("sample (seed %d, %d images, %d px)", seed, count, size);
    }

    /** Generates the sample set in memory (no cache). */
    public static ImageDataset generate(long seed, int count, int size) {
        SampleSet set = SampleGenerator.generate(seed, count, size);
        int test = testCount(count);
        int train = count - test;
        int bytes = set.imageBytes();
        int c = SampleSet.CHANNELS;
        InMemorySplit trainSplit = new InMemorySplit(
                "train",
                c,
                size,
                size,
                Arrays.copyOfRange(set.pixels(), 0, train * bytes),
                Arrays.copyOfRange(set.labels(), 0, train),
                Arrays.copyOfRange(set.tags(), 0, train));
        InMemorySplit testSplit = new InMemorySplit(
                "test",
                c,
                size,
                size,
                Arrays.copyOfRange(set.pixels(), train * bytes, count * bytes),
                Arrays.copyOfRange(set.labels(), train, count),
                Arrays.copyOfRange(set.tags(), train, count));
        return new ImageDataset(
                name(seed, count, size),
                set.classNames(),
                set.vocabulary(),
                trainSplit,
                InMemorySplit.empty("validation", c, size, size),
                testSplit,
                0,
                List.of());
    }
}
