package org.moeworkbench.engine.data;

import java.util.Objects;

/**
 * What a split that holds its own images shares, wherever the pixels live (the heap, a mapped file): its name, image
 * shape, labels and tags; subclasses copy the pixels.
 */
abstract class StoredSplit implements DatasetSplit {
    private static final int[] NO_TAGS = new int[0];
    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int[] labels;
    private final int[][] tags;

    /**
     * @param labels class per image (-1 = none)
     * @param tags   sorted tag indices per image, or null if the dataset has no tags
     */
    StoredSplit(String name, int channels, int height, int width, int[] labels, int[][] tags) {
        this.name = Objects.requireNonNull(name, "name");
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.labels = labels;
        this.tags = tags;
        if (tags != null && tags.length != labels.length) {
            throw new IllegalArgumentException("split " + name + ": " + tags.length + " tag sets for " + labels.length
                    + " images: expected one per image");
        }
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
    public int label(int index) {
        return labels[index];
    }

    @Override
    public int[] tags(int index) {
        return tags == null ? NO_TAGS : tags[index];
    }
}
