package org.moeworkbench.engine.data;

import java.util.Objects;

/** A split held on the heap: all images back to back in one byte array. */
public final class InMemorySplit implements DatasetSplit {
    private static final int[] NO_TAGS = new int[0];
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final int[] labels;
    private final int[][] tags;

    /**
     * @param pixels all images, CHW uint8, back to back
     * @param labels class per image (-1 = none)
     * @param tags   sorted tag indices per image, or null if the dataset has no tags
     */
    public InMemorySplit(String name, int channels, int height, int width, byte[] pixels, int[] labels, int[][] tags) {
        this.name = Objects.requireNonNull(name, "name");
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.tags = tags;
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("split " + name + ": " + pixels.length + " pixel bytes for "
                    + labels.length + " images of " + channels + "x" + height + "x" + width
                    + ": expected exactly one image per label");
        }
        if (tags != null && tags.length != labels.length) {
            throw new IllegalArgumentException("split " + name + ": " + tags.length + " tag sets for " + labels.length
                    + " images: expected one per image");
        }
    }

    public static InMemorySplit empty(String name, int channels, int height, int width) {
        return new InMemorySplit(name, channels, height, width, new byte[0], new int[0], null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public void copyImage(int index, byte[] target, int offset) {
        Objects.checkIndex(index, labels.length);
        int bytes = imageBytes();
        System.arraycopy(pixels, index * bytes, target, offset, bytes);
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public int[] tags(int index) {
        return tags == null ? NO_TAGS : tags[index];
    }
}
