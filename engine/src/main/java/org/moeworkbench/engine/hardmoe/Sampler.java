package org.moeworkbench.engine.hardmoe;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.moeworkbench.engine.config.AugmentConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.data.BatchOptions;
import org.moeworkbench.engine.data.BatchStream;
import org.moeworkbench.engine.data.DatasetSplit;

/**
 * Training batches of a split. Without pair weights: the engine's {@link BatchStream} (uniform or per-tag
 * sampling over this split). With pair weights w[t] (per-tag sampling of an expert, "global"): each draw picks an
 * (image, tag) pair of this split with probability proportional to w[tag] = 1 / (train images carrying the tag in
 * the whole train split), so an expert sees its share of the trunk's per-tag distribution (tag uniform over the
 * whole vocabulary, then an image carrying it, kept if it is in the cluster) and not a distribution where the
 * tags that are rare in its cluster weigh as much as its own tags. The target is the drawn tag's one-hot, as in
 * per-tag sampling.
 */
final class Sampler {
    private final TaskData data;
    private final DatasetSplit split;
    private final int batchSize;
    private final Sampling sampling;
    private final AugmentConfig augment;
    private final long seed;
    private final BatchStream plain;
    private final int[] pairImages;
    private final int[] pairTags;
    private final double[] cumulative;

    Sampler(
            TaskData data,
            DatasetSplit split,
            int batchSize,
            Sampling sampling,
            AugmentConfig augment,
            long seed,
            double[] tagWeights) {
        this.data = data;
        this.split = split;
        this.batchSize = batchSize;
        this.sampling = sampling;
        this.augment = augment;
        this.seed = seed;
        boolean weighted = tagWeights != null && sampling == Sampling.PER_TAG;
        if (!weighted) {
            plain = data.trainStream(split, batchSize, sampling, augment, seed);
            pairImages = null;
            pairTags = null;
            cumulative = null;
            return;
        }
        plain = null;
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            for (int t : split.tags(i)) {
                pairs.add(new int[] {i, t});
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("per-tag sampling of " + split.name() + ": no image has a tag");
        }
        pairImages = new int[pairs.size()];
        pairTags = new int[pairs.size()];
        cumulative = new double[pairs.size()];
        double total = 0;
        for (int p = 0; p < pairs.size(); p++) {
            pairImages[p] = pairs.get(p)[0];
            pairTags[p] = pairs.get(p)[1];
            total += tagWeights[pairTags[p]];
            cumulative[p] = total;
        }
    }

    /** Per-tag pair weights 1 / (images of the split carrying the tag); 0 for absent tags. */
    static double[] inverseTagCounts(int[][] tags, int vocabulary) {
        double[] count = new double[vocabulary];
        for (int[] row : tags) {
            for (int t : row) {
                count[t]++;
            }
        }
        double[] w = new double[vocabulary];
        for (int t = 0; t < vocabulary; t++) {
            w[t] = count[t] == 0 ? 0 : 1 / count[t];
        }
        return w;
    }

    int batchesPerEpoch() {
        if (plain != null) {
            return plain.batchesPerEpoch();
        }
        int n = split.size();
        return n >= batchSize ? n / batchSize : 1;
    }

    BatchStream.EpochIterator epoch(int epoch) {
        if (plain != null) {
            return plain.epoch(epoch);
        }
        int[][] drawn = draw(epoch);
        BatchStream stream = new BatchStream(
                new DrawnPairsSplit(split, drawn[0], drawn[1]),
                new BatchOptions(batchSize, Task.TAGS, Sampling.UNIFORM, false, true, augment, seed + epoch, 2),
                data.dataset.normalization(),
                data.width());
        return stream.epoch(epoch);
    }

    /** The (image, tag) draws of an epoch with pair weights: {images, tags}, as many as the split has images. */
    int[][] draw(int epoch) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 31L * epoch + 7);
        int n = split.size();
        int[] images = new int[n];
        int[] tags = new int[n];
        double total = cumulative[cumulative.length - 1];
        for (int k = 0; k < n; k++) {
            double r = random.nextDouble() * total;
            int lo = 0;
            int hi = cumulative.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] > r) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            images[k] = pairImages[lo];
            tags[k] = pairTags[lo];
        }
        return new int[][] {images, tags};
    }
}
