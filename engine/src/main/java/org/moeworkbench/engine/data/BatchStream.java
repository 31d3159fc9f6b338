package org.moeworkbench.engine.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.sample.SplitMix64;

/**
 * Epochs of batches of one split, as ND4J arrays: features float32 [N, C, H, W] normalised with the
 * dataset's training statistics ({@link Normalization}), targets float32 [N, classes] or [N, tags].
 *
 * <p><b>Sampling.</b> Uniform: each image once per epoch, in a new seeded order (or in split order).
 * Per-tag (Gross et al. 2017, section 4.2, after Joulin et al.): an epoch is as many draws as the split
 * has images; each draw picks a tag uniformly among the tags that occur in the split, then uniformly
 * an image carrying it.
 *
 * <p><b>Tag targets, our reading of Gross et al. eq. (3)</b>, L = -sum_j y_ij log softmax(yhat_i)_j with
 * y_i the 0/1 indicator of image i's tags: with uniform sampling the target row is that indicator, as
 * printed (not divided by the tag count; an image with m tags adds m cross-entropy terms; an image
 * without tags adds none). With per-tag sampling, "all other tags for that image are counted as
 * negatives for that example": the target is the one-hot of the drawn tag, 0 for the image's other
 * tags, so the softmax cross-entropy of a draw is -log softmax(yhat)_drawn. The trainer applies a
 * softmax cross-entropy to these rows unchanged. Class targets are one-hot (all zero for an image
 * without a class). Mixup / CutMix mix targets with the same lambda as pixels.
 *
 * <p><b>Determinism.</b> Batch b of epoch e depends only on (seed, e, b), whichever thread prepares it.
 * <b>Prefetch.</b> With {@code prefetch > 0} a daemon thread prepares the next batches (reading
 * memory-mapped splits page by page) while the caller trains; close the epoch's iterator to stop it early.
 */
public final class BatchStream {
    private final DatasetSplit split;
    private final BatchOptions options;
    private final int targetWidth;
    private final float[][] lut;
    private final Augmenter augmenter;
    /** Per-tag sampling: images carrying each tag (tags absent from the split are left out). */
    private final int[][] imagesByTag;
    /** Per-tag sampling: the vocabulary index of each entry of {@link #imagesByTag}. */
    private final int[] sampledTagIds;

    public BatchStream(ImageDataset dataset, DatasetSplit split, BatchOptions options) {
        this(
                split,
                options,
                dataset.normalization(),
                options.task() == Task.CLASSES
                        ? dataset.classNames().size()
                        : dataset.tagVocabulary().size());
    }

    public BatchStream(DatasetSplit split, BatchOptions options, Normalization normalization, int targetWidth) {
        if (targetWidth < 1) {
            throw new IllegalArgumentException("task " + options.task() + " on split " + split.name()
                    + ": the dataset has no " + (options.task() == Task.CLASSES ? "classes" : "tags"));
        }
        if (normalization.mean().length != split.channels()) {
            throw new IllegalArgumentException(
                    "normalisation for " + normalization.mean().length + " channels: expected " + split.channels());
        }
        this.split = split;
        this.options = options;
        this.targetWidth = targetWidth;
        this.augmenter = new Augmenter(options.augment());
        this.lut = new float[split.channels()][256];
        for (int c = 0; c < split.channels(); c++) {
            for (int v = 0; v < 256; v++) {
                lut[c][v] = normalization.apply(c, v);
            }
        }
        int[] present = options.sampling() == Sampling.PER_TAG ? presentTags(split, targetWidth) : null;
        this.sampledTagIds = present;
        this.imagesByTag = present == null ? null : indexTags(split, targetWidth, present);
        if (imagesByTag != null && imagesByTag.length == 0) {
            throw new IllegalArgumentException("per-tag sampling of split " + split.name() + ": no image has a tag");
        }
    }

    private static int[] presentTags(DatasetSplit split, int vocabulary) {
        boolean[] present = new boolean[vocabulary];
        for (int i = 0; i < split.size(); i++) {
            for (int t : split.tags(i)) {
                present[t] = true;
            }
        }
        return java.util.stream.IntStream.range(0, vocabulary)
                .filter(t -> present[t])
                .toArray();
    }

    private static int[][] indexTags(DatasetSplit split, int vocabulary, int[] present) {
        List<List<Integer>> byTag = new ArrayList<>();
        for (int t = 0; t < vocabulary; t++) {
            byTag.add(new ArrayList<>());
        }
        for (int i = 0; i < split.size(); i++) {
            for (int t : split.tags(i)) {
                byTag.get(t).add(i);
            }
        }
        int[][] out = new int[present.length][];
        for (int k = 0; k < present.length; k++) {
            out[k] = byTag.get(present[k]).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    /** Tags that per-tag sampling draws from (those present in the split), or 0 for uniform sampling. */
    public int sampledTagCount() {
        return imagesByTag == null ? 0 : imagesByTag.length;
    }

    public DatasetSplit split() {
        return split;
    }

    public int targetWidth() {
        return targetWidth;
    }

    /** Examples per epoch: the split size (per-tag sampling draws as many). */
    public int examplesPerEpoch() {
        return split.size();
    }

    public int batchesPerEpoch() {
        int n = examplesPerEpoch();
        int b = options.batchSize();
        return options.dropLast() && n >= b ? n / b : (n + b - 1) / b;
    }

    /** The examples of epoch {@code epoch}, in order: split indices; per-tag sampling also fills {@code drawnTags}. */
    private int[] plan(int epoch, int[] drawnTags) {
        int n = examplesPerEpoch();
        SplitMix64 rng = SplitMix64.forItem(options.seed(), -1L - epoch);
        if (imagesByTag != null) {
            int[] order = new int[n];
            for (int k = 0; k < n; k++) {
                int t = rng.nextInt(imagesByTag.length);
                order[k] = imagesByTag[t][rng.nextInt(imagesByTag[t].length)];
                drawnTags[k] = sampledTagIds[t];
            }
            return order;
        }
        if (options.shuffle()) {
            return Datasets.permutation(n, rng);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Prepares batch {@code batch} of epoch {@code epoch} on the calling thread (no ND4J). */
    public BatchData prepare(int epoch, int batch) {
        return prepare(epoch, batch, epochPlan(epoch));
    }

    private record Plan(int[] order, int[] drawnTags) {}

    private Plan epochPlan(int epoch) {
        int[] drawn = imagesByTag == null ? null : new int[examplesPerEpoch()];
        return new Plan(plan(epoch, drawn), drawn);
    }

    private BatchData prepare(int epoch, int batch, Plan plan) {
        if (batch < 0 || batch >= batchesPerEpoch()) {
            throw new IndexOutOfBoundsException(
                    "batch " + batch + " of epoch " + epoch + ": expected 0.." + (batchesPerEpoch() - 1));
        }
        int from = batch * options.batchSize();
        int n = Math.min(options.batchSize(), examplesPerEpoch() - from);
        int c = split.channels();
        int h = split.height();
        int w = split.width();
        int imageFloats = c * h * w;
        float[] x = new float[n * imageFloats];
        float[] y = new float[n * targetWidth];
        int[] indices = new int[n];
        int[] drawn = plan.drawnTags == null ? null : new int[n];
        byte[] image = new byte[split.imageBytes()];
        SplitMix64 rng = SplitMix64.forItem(SplitMix64.mix(options.seed() + epoch), batch);
        for (int j = 0; j < n; j++) {
            int index = plan.order[from + j];
            indices[j] = index;
            split.copyImage(index, image, 0);
            augmenter.imageToFloats(image, c, h, w, lut, x, j * imageFloats, rng);
            if (drawn != null) {
                drawn[j] = plan.drawnTags[from + j];
                y[j * targetWidth + drawn[j]] = 1f;
            } else if (options.task() == Task.CLASSES) {
                int label = split.label(index);
                if (label >= 0) {
                    y[j * targetWidth + label] = 1f;
                }
            } else {
                for (int t : split.tags(index)) {
                    y[j * targetWidth + t] = 1f;
                }
            }
        }
        augmenter.mixBatch(x, y, n, c, h, w, targetWidth, rng);
        return new BatchData(n, c, h, w, targetWidth, x, y, indices, drawn);
    }

    /** The batches of epoch {@code epoch}; close the iterator if you stop before the end. */
    public EpochIterator epoch(int epoch) {
        return new EpochIterator(epoch);
    }

    /** Iterates one epoch's batches, prepared ahead by a background thread when prefetch > 0. */
    public final class EpochIterator implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final Plan plan;
        private final int batches;
        private final BlockingQueue<Object> queue;
        private final Thread worker;
        private int next;

        private EpochIterator(int epoch) {
            this.epoch = epoch;
            this.plan = epochPlan(epoch);
            this.batches = batchesPerEpoch();
            if (options.prefetch() > 0 && batches > 0) {
                queue = new ArrayBlockingQueue<>(options.prefetch());
                worker = new Thread(this::produce, "moe-batch-prefetch-" + split.name() + "-epoch-" + epoch);
                worker.setDaemon(true);
                worker.start();
            } else {
                queue = null;
                worker = null;
            }
        }

        private void produce() {
            try {
                for (int b = 0; b < batches; b++) {
                    queue.put(prepare(epoch, b, plan));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                try {
                    queue.put(e);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next < batches;
        }

        /** The next batch as plain arrays. */
        public BatchData nextData() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
            }
            BatchData data;
            if (queue == null) {
                data = prepare(epoch, next, plan);
            } else {
                Object item;
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(
                            "interrupted while waiting for batch " + next + " of epoch " + epoch, e);
                }
                if (item instanceof RuntimeException e) {
                    throw e;
                }
                if (item instanceof Error e) {
                    throw e;
                }
                data = (BatchData) item;
            }
            next++;
            return data;
        }

        @Override
        public Batch next() {
            return Batch.of(nextData());
        }

        @Override
        public void close() {
            if (worker != null) {
                worker.interrupt();
            }
        }
    }
}
