package org.moeworkbench.engine.data;

/** A view of some records of another split (e.g. the validation share held out of train); no copy. Open so a
 * view can relabel its records (hard MoE: one drawn tag per record). */
public class SubsetSplit implements DatasetSplit {
    private final String name;
    private final DatasetSplit base;
    private final int[] indices;

    public SubsetSplit(String name, DatasetSplit base, int[] indices) {
        this.name = name;
        this.base = base;
        this.indices = indices.clone();
        for (int i : this.indices) {
            if (i < 0 || i >= base.size()) {
                throw new IllegalArgumentException("split " + name + ": index " + i + " outside split " + base.name()
                        + " of " + base.size() + " images");
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return indices.length;
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
        base.copyImage(indices[index], target, offset);
    }

    @Override
    public int label(int index) {
        return base.label(indices[index]);
    }

    @Override
    public int[] tags(int index) {
        return base.tags(indices[index]);
    }
}
