package org.moeworkbench.engine.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Collects the records of one split as a reader decodes them. */
final class SplitBuilder {
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private byte[] pixels = new byte[1 << 16];
    private int[] labels = new int[256];
    private final List<int[]> tags = new ArrayList<>();
    private int size;

    SplitBuilder(String name, int channels, int height, int width) {
        this.name = name;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    int imageBytes() {
        return channels * height * width;
    }

    int size() {
        return size;
    }

    /** Adds a record; {@code image} is CHW uint8 of this split's shape, tags sorted (may be empty). */
    void add(byte[] image, int offset, int label, int[] recordTags) {
        int bytes = imageBytes();
        long needed = (long) (size + 1) * bytes;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new DatasetException("split " + name + ": more than 2 GB of pixels at record " + size
                    + ": expected a smaller image size (data.imageSize) or fewer images");
        }
        if (needed > pixels.length) {
            pixels = Arrays.copyOf(pixels, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * pixels.length)));
        }
        if (size == labels.length) {
            labels = Arrays.copyOf(labels, 2 * size);
        }
        System.arraycopy(image, offset, pixels, size * bytes, bytes);
        labels[size] = label;
        tags.add(recordTags);
        size++;
    }

    InMemorySplit build(boolean withTags) {
        return new InMemorySplit(
                name,
                channels,
                height,
                width,
                Arrays.copyOf(pixels, size * imageBytes()),
                Arrays.copyOf(labels, size),
                withTags ? tags.toArray(new int[0][]) : null);
    }

    /** Builds with labels and tags renumbered: {@code new = map[old]} (labels of -1 stay -1; tags re-sorted). */
    InMemorySplit build(boolean withTags, int[] labelMap, int[] tagMap) {
        int[] newLabels = new int[size];
        for (int i = 0; i < size; i++) {
            newLabels[i] = labels[i] < 0 ? labels[i] : labelMap[labels[i]];
        }
        int[][] newTags = null;
        if (withTags) {
            newTags = new int[size][];
            for (int i = 0; i < size; i++) {
                newTags[i] =
                        Arrays.stream(tags.get(i)).map(t -> tagMap[t]).sorted().toArray();
            }
        }
        return new InMemorySplit(
                name, channels, height, width, Arrays.copyOf(pixels, size * imageBytes()), newLabels, newTags);
    }
}
