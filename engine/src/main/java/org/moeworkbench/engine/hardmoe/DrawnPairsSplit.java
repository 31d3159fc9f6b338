package org.moeworkbench.engine.hardmoe;

import org.moeworkbench.engine.data.DatasetSplit;
import org.moeworkbench.engine.data.SubsetSplit;

/** A view whose record r is image {@code images[r]} of a base split carrying only the tag {@code tags[r]}. */
final class DrawnPairsSplit extends SubsetSplit {
    private final int[][] tags;

    DrawnPairsSplit(DatasetSplit base, int[] images, int[] drawnTags) {
        super(base.name() + "-drawn", base, images);
        this.tags = new int[drawnTags.length][];
        for (int r = 0; r < drawnTags.length; r++) {
            tags[r] = new int[] {drawnTags[r]};
        }
    }

    @Override
    public int[] tags(int index) {
        return tags[index];
    }
}
