package org.moeworkbench.engine.data;

import java.util.Objects;

/** A split held on the heap: all images back to back in one byte array. */
public final class InMemorySplit extends StoredSplit {
    private final byte[] pixels;

    /**
     * @param pixels all images, CHW uint8, back to back
     * @param labels class per image (-1 = none)
     * @param tags   sorted tag indices per image, or null if the dataset has no tags
     */
    public InMemorySplit(String name, int channels, int height, int width, byte[] pixels, int[] labels, int[][] tags) {
        super(name, channels, height, width, labels, tags);
        this.pixels = pixels;
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("split " + name + ": " + pixels.length + " pixel bytes for "
                    + labels.length + " images of " + channels + "x" + height + "x" + width
                    + ": expected exactly one image per label");
        }
    }

    public static InMemorySplit empty(String name, int channels, int height, int width) {
        return new InMemorySplit(name, channels, height, width, new byte[0], new int[0], null);
    }

    @Override
    public void copyImage(int index, byte[] target, int offset) {
        Objects.checkIndex(index, size());
        int bytes = imageBytes();
        System.arraycopy(pixels, index * bytes, target, offset, bytes);
    }
}
