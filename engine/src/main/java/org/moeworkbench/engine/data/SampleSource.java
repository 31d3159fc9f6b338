package org.moeworkbench.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        ImageDataset dataset = generate(seed, count, size);
        try {
            DatasetStore.write(dataset, file);
        } catch (IOException e) {
            System.err.println("warning: could not cache the sample set in " + file + " (" + e
                    + "); it will be generated again next time");
        }
        return dataset;
    }

    /** Generates the sample set in memory (no cache). */
    public static ImageDataset generate(long seed, int count, int size) {
        SampleSet set = SampleGenerator.generate(seed, count, size);
        int test = (int) Math.round(count * TEST_FRACTION);
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
        String name = String.format("sample (seed %d, %d images, %d px)", seed, count, size);
        return new ImageDataset(
                name,
                set.classNames(),
                set.vocabulary(),
                trainSplit,
                InMemorySplit.empty("validation", c, size, size),
                testSplit,
                0,
                List.of());
    }
}
