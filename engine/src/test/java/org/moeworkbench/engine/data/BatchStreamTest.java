package org.moeworkbench.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.AugmentConfig;
import org.moeworkbench.engine.config.ConfigChoice;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.nd4j.linalg.api.buffer.DataType;

class BatchStreamTest {
    static ImageDataset sample;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        sample = SampleSource.generate(21, 2000, 8);
    }

    private static BatchOptions options(String task, String sampling, AugmentConfig augment, long seed, int prefetch) {
        return new BatchOptions(
                50,
                ConfigChoice.parse(Task.class, task),
                ConfigChoice.parse(Sampling.class, sampling),
                true,
                false,
                augment,
                seed,
                prefetch);
    }

    @Test
    void perTagSamplingDrawsTagsUniformlyAndTargetsTheDrawnTag() {
        BatchStream stream =
                new BatchStream(sample, sample.train(), options("tags", "per-tag", AugmentConfig.none(), 5, 0));
        int tags = sample.tagVocabulary().size();
        int[] drawn = new int[tags];
        int total = 0;
        for (int epoch = 0; epoch < 20; epoch++) {
            BatchStream.EpochIterator it = stream.epoch(epoch);
            while (it.hasNext()) {
                BatchData b = it.nextData();
                for (int j = 0; j < b.n(); j++) {
                    int t = b.sampledTags()[j];
                    drawn[t]++;
                    total++;
                    int image = b.indices()[j];
                    assertTrue(Arrays.stream(sample.train().tags(image)).anyMatch(x -> x == t), "image has the tag");
                    float[] row = Arrays.copyOfRange(b.targets(), j * tags, (j + 1) * tags);
                    assertEquals(1f, row[t]);
                    assertEquals(1f, sum(row), "one-hot: the image's other tags are negatives");
                }
            }
        }
        int present = stream.sampledTagCount();
        double expected = total / (double) present;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int c : drawn) {
            if (c > 0) {
                min = Math.min(min, c);
                max = Math.max(max, c);
            }
        }
        assertTrue(
                min > 0.75 * expected && max < 1.25 * expected,
                "per-tag draws between " + min + " and " + max + ", expected about " + expected);
        // Uniform sampling over images is far from uniform over tags (the long tail).
        int[] counts = Datasets.tagCounts(sample, java.util.List.of(sample.train()));
        int cmax = Arrays.stream(counts).max().getAsInt();
        int cmin = Arrays.stream(counts).filter(c -> c > 0).min().getAsInt();
        assertTrue(cmax > 10 * cmin, "image-uniform tag frequencies " + cmin + ".." + cmax);
    }

    @Test
    void uniformTagTargetsAreTheTagIndicatorOfEquation3() {
        BatchStream stream = new BatchStream(
                sample, sample.test(), BatchOptions.evaluation(Task.TAGS, 64).withPrefetch(0));
        BatchData b = stream.epoch(0).nextData();
        int tags = sample.tagVocabulary().size();
        for (int j = 0; j < b.n(); j++) {
            assertEquals(j, b.indices()[j], "evaluation keeps the split order");
            float[] row = Arrays.copyOfRange(b.targets(), j * tags, (j + 1) * tags);
            for (int t : sample.test().tags(j)) {
                assertEquals(1f, row[t]);
            }
            assertEquals(sample.test().tags(j).length, sum(row), 0f);
        }
        assertNull(b.sampledTags());
    }

    @Test
    void eachImageOncePerEpochInANewSeededOrder() {
        BatchStream stream =
                new BatchStream(sample, sample.train(), options("classes", "uniform", AugmentConfig.none(), 9, 0));
        int[] seen0 = order(stream, 0);
        int[] seen1 = order(stream, 1);
        assertFalse(Arrays.equals(seen0, seen1));
        assertArrayEquals(seen0, order(stream, 0));
        int[] sorted = seen0.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    private static int[] order(BatchStream stream, int epoch) {
        int[] out = new int[stream.examplesPerEpoch()];
        int k = 0;
        BatchStream.EpochIterator it = stream.epoch(epoch);
        while (it.hasNext()) {
            for (int i : it.nextData().indices()) {
                out[k++] = i;
            }
        }
        return out;
    }

    @Test
    void augmentationIsDeterministicUnderASeed() {
        AugmentConfig all = new AugmentConfig(true, 2, 0.4, 1.0);
        BatchStream a = new BatchStream(sample, sample.train(), options("classes", "uniform", all, 17, 0));
        BatchStream b = new BatchStream(sample, sample.train(), options("classes", "uniform", all, 17, 2));
        BatchStream c = new BatchStream(sample, sample.train(), options("classes", "uniform", all, 18, 0));
        for (int batch = 0; batch < 5; batch++) {
            BatchData x = a.prepare(1, batch);
            BatchData y = b.prepare(1, batch);
            assertArrayEquals(x.features(), y.features());
            assertArrayEquals(x.targets(), y.targets());
            assertFalse(Arrays.equals(x.features(), c.prepare(1, batch).features()));
        }
    }

    @Test
    void flipMirrorsAndNoAugmentationIsTheNormalisedImage() {
        BatchStream plain = new BatchStream(
                sample, sample.test(), BatchOptions.evaluation(Task.CLASSES, 40).withPrefetch(0));
        BatchStream flip = new BatchStream(
                sample.test(),
                new BatchOptions(
                        40, Task.CLASSES, Sampling.UNIFORM, false, false, new AugmentConfig(true, 0, 0, 0), 3, 0),
                sample.normalization(),
                10);
        BatchData p = plain.prepare(0, 0);
        BatchData f = flip.prepare(0, 0);
        Normalization norm = sample.normalization();
        byte[] image = sample.test().image(0);
        assertEquals(norm.apply(1, image[64 + 8 + 3] & 0xFF), p.features()[64 + 8 + 3], 1e-6f);
        int flipped = 0;
        for (int j = 0; j < 40; j++) {
            int base = j * 192;
            boolean same = true;
            boolean mirrored = true;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        float v = f.features()[base + c * 64 + y * 8 + x];
                        same &= v == p.features()[base + c * 64 + y * 8 + x];
                        mirrored &= v == p.features()[base + c * 64 + y * 8 + 7 - x];
                    }
                }
            }
            assertTrue(same || mirrored, "image " + j + " is itself or its mirror");
            flipped += same ? 0 : 1;
        }
        assertTrue(flipped > 5 && flipped < 35, flipped + " of 40 flipped");
    }

    @Test
    void mixupAndCutmixKeepClassTargetsAProbabilityVector() {
        for (AugmentConfig mix :
                new AugmentConfig[] {new AugmentConfig(false, 0, 0.4, 0), new AugmentConfig(false, 0, 0, 1.0)}) {
            BatchStream s = new BatchStream(sample, sample.train(), options("classes", "uniform", mix, 4, 0));
            BatchData b = s.prepare(0, 0);
            int mixedRows = 0;
            for (int j = 0; j < b.n(); j++) {
                float[] row = Arrays.copyOfRange(b.targets(), j * 10, (j + 1) * 10);
                assertEquals(1f, sum(row), 1e-5f);
                mixedRows +=
                        Arrays.stream(toDouble(row)).filter(v -> v > 0 && v < 1).count() > 0 ? 1 : 0;
            }
            assertTrue(mixedRows > 0, "some rows are mixed: " + mix);
        }
    }

    @Test
    void memoryMappedStreamWithPrefetchEqualsInMemoryBatches() throws Exception {
        Path file = dir.resolve("sample.moeds");
        DatasetStore.write(sample, file);
        ImageDataset mapped = DatasetStore.openMapped(file);
        assertEquals(sample.sha256(), mapped.sha256());
        AugmentConfig aug = new AugmentConfig(true, 1, 0.2, 0);
        BatchStream memory = new BatchStream(sample, sample.train(), options("tags", "per-tag", aug, 8, 0));
        BatchStream disk = new BatchStream(mapped, mapped.train(), options("tags", "per-tag", aug, 8, 3));
        for (int epoch = 0; epoch < 2; epoch++) {
            try (BatchStream.EpochIterator a = memory.epoch(epoch);
                    BatchStream.EpochIterator b = disk.epoch(epoch)) {
                int batches = 0;
                while (a.hasNext()) {
                    assertTrue(b.hasNext());
                    BatchData x = a.nextData();
                    BatchData y = b.nextData();
                    assertArrayEquals(x.features(), y.features());
                    assertArrayEquals(x.targets(), y.targets());
                    assertArrayEquals(x.indices(), y.indices());
                    batches++;
                }
                assertFalse(b.hasNext());
                assertEquals(memory.batchesPerEpoch(), batches);
            }
        }
    }

    @Test
    void normalisedTrainingFeaturesHaveZeroMeanAndUnitVariancePerChannel() {
        BatchStream s = new BatchStream(
                sample,
                sample.train(),
                BatchOptions.evaluation(Task.CLASSES, 500).withPrefetch(0));
        double[] sum = new double[3];
        double[] sq = new double[3];
        long n = 0;
        BatchStream.EpochIterator it = s.epoch(0);
        while (it.hasNext()) {
            BatchData b = it.nextData();
            for (int j = 0; j < b.n(); j++) {
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < 64; p++) {
                        double v = b.features()[j * 192 + c * 64 + p];
                        sum[c] += v;
                        sq[c] += v * v;
                    }
                }
            }
            n += b.n() * 64L;
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(0, sum[c] / n, 1e-3);
            assertEquals(1, sq[c] / n, 1e-2);
        }
    }

    @Test
    void nd4jBatchesAreFloat32NchwWithOneHotTargets() {
        BatchStream s = new BatchStream(
                sample,
                sample.train(),
                BatchOptions.training(
                        new org.moeworkbench.engine.config.DataConfig(
                                "sample", "sample", 8, 2000, 21, 0, Task.CLASSES, Sampling.UNIFORM, false),
                        AugmentConfig.flipAndCrop(),
                        32,
                        1));
        try (BatchStream.EpochIterator it = s.epoch(0)) {
            Batch b = it.next();
            assertEquals(DataType.FLOAT, b.features().dataType());
            assertArrayEquals(new long[] {32, 3, 8, 8}, b.features().shape());
            assertArrayEquals(new long[] {32, 10}, b.targets().shape());
            assertEquals(32.0, b.targets().sumNumber().doubleValue(), 1e-6);
        }
        assertEquals(1600 / 32, s.batchesPerEpoch());
    }

    private static float sum(float[] row) {
        float s = 0;
        for (float v : row) {
            s += v;
        }
        return s;
    }

    private static double[] toDouble(float[] row) {
        double[] out = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = row[i];
        }
        return out;
    }
}
