package org.moeworkbench.engine.hardmoe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.moeworkbench.engine.config.ConfigJson;

/**
 * The test predictions of a hard-MoE run's models and the test targets, kept so that p@m, q@m and the losses of
 * results.json can be recomputed from the run folder (docs/formats.md, "test-scores/"). Rows follow the run's test
 * split (the order of clusters.json's test assignments).
 *
 * <ul>
 *   <li>{@code test-scores/index.json}: this header;
 *   <li>{@code test-scores/<model>.bin}: log-probabilities, float64 little-endian, [images][vocabulary] row-major (float64, so
 *       that ties, and with them p@m and q@m, recompute exactly);
 *   <li>{@code test-scores/targets.bin}: the tags of each image as int32 little-endian: images + 1 offsets, then the
 *       tag indices (image i's tags are indices[offsets[i] .. offsets[i + 1]]).
 * </ul>
 *
 * @param format     "moe-test-scores"
 * @param version    1
 * @param images     test images
 * @param vocabulary tags (classes for a single-label task)
 * @param byteOrder  "little-endian"
 * @param models     model key (as in results.json) to its file
 * @param targets    the targets file
 */
public record TestScores(
        String format,
        int version,
        int images,
        int vocabulary,
        String byteOrder,
        Map<String, String> models,
        String targets) {
    public static final String DIR = "test-scores";
    public static final String INDEX = DIR + "/index.json";
    static final String FORMAT = "moe-test-scores";
    static final String TARGETS = "targets.bin";

    /** Starts the folder with the targets; {@link #withModel} adds each model's scores. */
    static TestScores start(Path root, int[][] tags, int vocabulary) throws IOException {
        Files.createDirectories(root.resolve(DIR));
        int count = 0;
        for (int[] t : tags) {
            count += t.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(4 * (tags.length + 1 + count)).order(ByteOrder.LITTLE_ENDIAN);
        int offset = 0;
        buffer.putInt(0);
        for (int[] t : tags) {
            offset += t.length;
            buffer.putInt(offset);
        }
        for (int[] t : tags) {
            for (int tag : t) {
                buffer.putInt(tag);
            }
        }
        Files.write(root.resolve(DIR).resolve(TARGETS), buffer.array());
        TestScores index = new TestScores(FORMAT, 1, tags.length, vocabulary, "little-endian", Map.of(), TARGETS);
        ConfigJson.write(root.resolve(INDEX), index);
        return index;
    }

    /** Writes {@code model}'s log-probabilities and returns the index with it (also written). */
    TestScores withModel(Path root, String model, double[][] logProbs) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(8 * images * vocabulary).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] row : logProbs) {
            for (double v : row) {
                buffer.putDouble(v);
            }
        }
        String file = model + ".bin";
        Files.write(root.resolve(DIR).resolve(file), buffer.array());
        Map<String, String> all = new TreeMap<>(models);
        all.put(model, file);
        TestScores index = new TestScores(format, version, images, vocabulary, byteOrder, all, targets);
        ConfigJson.write(root.resolve(INDEX), index);
        return index;
    }

    /** The index of a run's test scores. */
    public static TestScores read(Path root) throws IOException {
        return ConfigJson.read(root.resolve(INDEX), TestScores.class);
    }

    /** {@code model}'s log-probabilities [images][vocabulary]. */
    public double[][] scores(Path root, String model) throws IOException {
        String file = models.get(model);
        if (file == null) {
            throw new IOException("no test scores of model " + model + " in " + root.resolve(INDEX) + " (models: "
                    + models.keySet() + ")");
        }
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(root.resolve(DIR).resolve(file)))
                .order(ByteOrder.LITTLE_ENDIAN);
        double[][] out = new double[images][vocabulary];
        for (double[] row : out) {
            for (int j = 0; j < vocabulary; j++) {
                row[j] = buffer.getDouble();
            }
        }
        return out;
    }

    /** The test images' tags (sorted vocabulary indices). */
    public int[][] tags(Path root) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(root.resolve(DIR).resolve(targets)))
                .order(ByteOrder.LITTLE_ENDIAN);
        int[] offsets = new int[images + 1];
        for (int i = 0; i <= images; i++) {
            offsets[i] = buffer.getInt();
        }
        int[][] out = new int[images][];
        for (int i = 0; i < images; i++) {
            out[i] = new int[offsets[i + 1] - offsets[i]];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = buffer.getInt();
            }
        }
        return out;
    }
}
