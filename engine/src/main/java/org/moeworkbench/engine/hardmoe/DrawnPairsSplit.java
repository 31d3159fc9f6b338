package org.moeworkbench.engine.hardmoe;

import org.moeworkbench.engine.data.DatasetSplit;

/** A view whose record r is image {@code images[r]} of a base split carrying only the tag {@code tags[r]}. */
final class DrawnPairsSplit implements DatasetSplit {
    private final DatasetSplit base;
    private final int[] images;
    private final int[][] tags;

    DrawnPairsSplit(DatasetSplit base, int[] images, int[] drawnTags) {
        this.base = base;
        this.images = images;
        this.tags = new int[drawnTags.length][];
        for (int r = 0; r < drawnTags.length; r++) {
            tags[r] = new int[] {drawnTags[r]};
        }
    }

    @Override
    public String name() {
        return base.name() + "-drawn";
    }

    @Override
    public int size() {
        return images.length;
    }

    @Override
    public int channels() {
        return base.channels();
    }

    @Override
    public int height() {
        return base.height();
    }

    @Override
    public int width() {
        return base.width();
    }

    @Override
    public void copyImage(int index, byte[] target, int offset) {
        base.copyImage(images[index], target, offset);
    }

    @Override
    public int label(int index) {
        return base.label(images[index]);
    }

    @Override
    public int[] tags(int index) {
        return tags[index];
    }
}
