package org.moeworkbench.engine.train;

import java.util.Iterator;
import org.moeworkbench.engine.data.Batch;

/**
 * What the trainer needs from a dataset: seeded training batches, evaluation batches and a way to pick
 * test images by index. The dataset module adapts its splits and batch streams to this.
 */
public interface TrainingData {

    enum Split {
        TRAIN,
        VALIDATION,
        TEST
    }

    /** Output width of the classifier: classes, or tag vocabulary size for the tag task. */
    int classes();

    /** Image channels (1 or 3). */
    int channels();

    /** SHA-256 of the dataset content, for provenance. */
    String hash();

    /** Images in a split. */
    int size(Split split);

    /** Training steps per epoch at this batch size. */
    int stepsPerEpoch(int batchSize);

    /**
     * The augmented training batches of one epoch, in order. The same seed, epoch and batch size give
     * the same batches, so a resumed run sees exactly what an uninterrupted one would; the first
     * {@code skipBatches} are passed over (a run resumed in the middle of an epoch).
     */
    Iterator<Batch> trainBatches(long seed, int epoch, int batchSize, int skipBatches);

    /** Un-augmented batches of a split with one-hot (or tag) targets, in index order. */
    Iterator<Batch> evaluationBatches(Split split, int batchSize);

    /** The test images at these indices, un-augmented, as one batch. */
    Batch testImages(int[] indices);

    /** Class label of a test image (or its first tag for the tag task), for analysis files. */
    int testLabel(int index);
}
