package org.moeworkbench.engine.data;

import org.moeworkbench.engine.config.AugmentConfig;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;

/**
 * How a {@link BatchStream} walks a split.
 *
 * @param batchSize  images per batch
 * @param task       {@code classes} (one-hot class targets) or {@code tags} (Gross et al. eq. 3 targets)
 * @param sampling   {@code uniform} (each image once per epoch) or {@code per-tag} (Gross et al. section 4.2)
 * @param shuffle    uniform sampling: a new seeded order every epoch; false = the split's order
 * @param dropLast   leave out the last, smaller batch of an epoch
 * @param augment    crop / flip per image, Mixup / CutMix per batch
 * @param seed       seeds order, per-tag draws and augmentation; batch b of epoch e depends only on (seed, e, b)
 * @param prefetch   batches prepared ahead by a background thread; 0 = prepare on the caller's thread
 */
public record BatchOptions(
        int batchSize,
        Task task,
        Sampling sampling,
        boolean shuffle,
        boolean dropLast,
        AugmentConfig augment,
        long seed,
        int prefetch) {

    public BatchOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize = " + batchSize + ": expected at least 1");
        }
        if (task == null || sampling == null) {
            throw new IllegalArgumentException("task = " + task + ", sampling = " + sampling + ": both are needed");
        }
        if (sampling == Sampling.PER_TAG && task != Task.TAGS) {
            throw new IllegalArgumentException("sampling = per-tag needs task = tags, not " + task);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch = " + prefetch + ": expected 0 or more batches");
        }
        augment = augment == null ? AugmentConfig.none() : augment;
    }

    /** Training: the config's task and sampling, shuffled, augmented, last partial batch dropped, 2 batches prefetched. */
    public static BatchOptions training(DataConfig data, AugmentConfig augment, int batchSize, long seed) {
        return new BatchOptions(batchSize, data.task(), data.sampling(), true, true, augment, seed, 2);
    }

    /** Evaluation: every image once, in order, no augmentation, uniform targets of the task. */
    public static BatchOptions evaluation(Task task, int batchSize) {
        return new BatchOptions(batchSize, task, Sampling.UNIFORM, false, false, AugmentConfig.none(), 0, 2);
    }

    public BatchOptions withPrefetch(int batches) {
        return new BatchOptions(batchSize, task, sampling, shuffle, dropLast, augment, seed, batches);
    }
}
