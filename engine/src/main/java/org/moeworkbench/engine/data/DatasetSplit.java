package org.moeworkbench.engine.data;

/**
 * One split (train, validation or test) of an {@link ImageDataset}: images as uint8 channels-first
 * (CHW) bytes, a class label (-1 if the dataset has no classes) and a tag set per image.
 * Implementations are safe for concurrent reads (the prefetch thread reads while the trainer runs).
 */
public interface DatasetSplit {

    /** {@code train}, {@code validation} or {@code test}. */
    String name();

    int size();

    int channels();

    int height();

    int width();

    /** Bytes per image: channels x height x width. */
    default int imageBytes() {
        return channels() * height() * width();
    }

    /** Image {@code index} as a new CHW uint8 array (read bytes with {@code & 0xFF}). */
    default byte[] image(int index) {
        byte[] out = new byte[imageBytes()];
        copyImage(index, out, 0);
        return out;
    }

    /** Copies image {@code index} (CHW uint8) into {@code target} at {@code offset}. */
    void copyImage(int index, byte[] target, int offset);

    /** Class of image {@code index}, or -1 if the dataset has no classes. */
    int label(int index);

    /** Sorted tag indices of image {@code index} (empty if none); do not modify. */
    int[] tags(int index);
}
