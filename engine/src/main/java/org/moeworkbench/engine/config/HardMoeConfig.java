package org.moeworkbench.engine.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A hard mixture of experts (Gross, Ranzato, Szlam, CVPR 2017): a trunk network, a gater made of PCA and
 * K-means on the trunk's penultimate features, and one expert (same architecture as the trunk) per cluster.
 * Saved as {@code config.json} in the run directory (runs made before 2026-12-07: {@code hardmoe.json}). The task (tags with Gross et al. eq. 3 targets, or
 * classes) and the sampling (uniform or per-tag, section 4.2) are {@code data.task} / {@code data.sampling}.
 *
 * @param name               a short name, used in the run id (letters, digits, '.', '_' and '-')
 * @param seed               seeds the trunk, the experts, the data order, PCA/K-means and the q@m samples
 * @param data               the dataset, task and sampling
 * @param augment            training-time augmentation of trunk and experts
 * @param model              the backbone of the trunk and of every expert
 * @param training           trunk training (optimizer, rate, epochs, batch size, ...)
 * @param pcaDims            PCA dimensions d of the gater (the paper: 256); capped by the feature size
 * @param clusters           K values; one run directory per K (they share one trunk)
 * @param kmeansIterations   maximum Lloyd iterations of K-means (k-means++ seeding)
 * @param expertInit         {@code trunk} (experts start from the trunk's weights) or {@code scratch}
 * @param decoder            {@code independent} (each expert its own head) or {@code shared} (one head for all)
 * @param expertEpochs       maximum epochs of each expert over its cluster's images
 * @param expertLearningRate peak learning rate of the experts
 * @param patience           early stopping: epochs without a better validation loss before an expert stops
 * @param ensembleSize       trunks (different seeds) in the ensemble baseline, the trunk included; 0 or 1 = none
 * @param qSamples           q@m (eq. 5): 0 = exact (the expectation over tags, then images carrying each); S > 0 = the
 *                           paper's estimate from S (tag, image) draws (about +-0.15 points at 100,000)
 * @param threads            experts trained at once; 0 = one per core
 * @param expertSampling     with per-tag sampling, how an expert draws from its cluster: {@code global} (the
 *                           trunk's per-tag distribution restricted to the cluster: a pair (image, tag) weighs
 *                           1 / train images of the tag) or {@code cluster} (per-tag sampling among the cluster's
 *                           own tags, each equally likely)
 * @param maxTrainImages     use at most this many train images (a seeded subset; validation is capped at
 *                           maxTrainImages x data.validationFraction); 0 = all
 * @param maxTestImages      use at most this many test images (a seeded subset); 0 = all
 */
public record HardMoeConfig(
        String name,
        long seed,
        DataConfig data,
        AugmentConfig augment,
        ModelConfig model,
        TrainingConfig training,
        int pcaDims,
        List<Integer> clusters,
        int kmeansIterations,
        String expertInit,
        String decoder,
        int expertEpochs,
        double expertLearningRate,
        int patience,
        int ensembleSize,
        int qSamples,
        int threads,
        String expertSampling,
        int maxTrainImages,
        int maxTestImages)
        implements RunSpec {

    /** {@code qSamples} value for q@m computed exactly (the default) instead of estimated from draws. */
    public static final int EXACT_Q = 0;

    public static final List<String> EXPERT_INITS = List.of("trunk", "scratch");
    public static final List<String> DECODERS = List.of("independent", "shared");
    public static final List<String> EXPERT_SAMPLINGS = List.of("global", "cluster");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public HardMoeConfig {
        require(name != null && NAME.matcher(name).matches(), "name", name, "1 to 64 letters, digits, '.', '_' or '-'");
        require(data != null, "data", null, "a data section");
        require(augment != null, "augment", null, "an augment section");
        require(model != null, "model", null, "a model section");
        require(training != null, "training", null, "a training section");
        model.checkImageSize(data.imageSize());
        require(pcaDims >= 1, "pcaDims", pcaDims, "at least 1 (capped by the feature size)");
        require(clusters != null && !clusters.isEmpty(), "clusters", clusters, "a non-empty list of K values");
        clusters = List.copyOf(clusters);
        for (int i = 0; i < clusters.size(); i++) {
            require(
                    clusters.get(i) >= 1 && clusters.get(i) <= 999,
                    "clusters[" + i + "]",
                    clusters.get(i),
                    "1 to 999 clusters");
        }
        require(clusters.stream().distinct().count() == clusters.size(), "clusters", clusters, "distinct K values");
        require(kmeansIterations >= 1, "kmeansIterations", kmeansIterations, "at least 1");
        require(EXPERT_INITS.contains(expertInit), "expertInit", expertInit, "one of " + EXPERT_INITS);
        require(DECODERS.contains(decoder), "decoder", decoder, "one of " + DECODERS);
        require(expertEpochs >= 1, "expertEpochs", expertEpochs, "at least 1");
        require(expertLearningRate > 0, "expertLearningRate", expertLearningRate, "a positive rate");
        require(patience >= 1, "patience", patience, "at least 1 epoch");
        require(
                ensembleSize >= 0 && ensembleSize <= 64,
                "ensembleSize",
                ensembleSize,
                "0 to 64 trunks (0 or 1 = no ensemble)");
        require(
                qSamples >= 0,
                "qSamples",
                qSamples,
                "0 (q@m computed exactly) or the number of (tag, image) draws of the paper's estimate");
        require(threads >= 0, "threads", threads, "0 (one per core) or more");
        require(
                EXPERT_SAMPLINGS.contains(expertSampling),
                "expertSampling",
                expertSampling,
                "one of " + EXPERT_SAMPLINGS);
        require(
                maxTrainImages == 0 || maxTrainImages >= 10,
                "maxTrainImages",
                maxTrainImages,
                "0 (all) or at least 10");
        require(maxTestImages == 0 || maxTestImages >= 10, "maxTestImages", maxTestImages, "0 (all) or at least 10");
    }

    private static void require(boolean ok, String field, Object value, String allowed) {
        if (!ok) {
            throw new InvalidConfigException(field, value, allowed);
        }
    }

    @Override
    public HardMoeConfig withName(String newName) {
        return with(newName, clusters);
    }

    /** This config for one K (each run directory holds one K). */
    public HardMoeConfig withClusters(int k) {
        return with(name, List.of(k));
    }

    private HardMoeConfig with(String newName, List<Integer> newClusters) {
        return new HardMoeConfig(
                newName,
                seed,
                data,
                augment,
                model,
                training,
                pcaDims,
                newClusters,
                kmeansIterations,
                expertInit,
                decoder,
                expertEpochs,
                expertLearningRate,
                patience,
                ensembleSize,
                qSamples,
                threads,
                expertSampling,
                maxTrainImages,
                maxTestImages);
    }

    /**
     * The trunk as a dense experiment: same name, seed, data, augmentation, backbone and training, no MoE layers.
     * What the trunk stage trains, and what the designer's totals and the queue's charts of a hard-MoE run describe.
     */
    public ExperimentConfig trunkExperiment() {
        return new ExperimentConfig(name, seed, data, augment, model, MoeConfig.dense(), training);
    }

    /** The threads actually used: {@code threads}, or the core count when 0. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The single K of a per-run config ({@link #withClusters}); the first K otherwise. */
    public int k() {
        return clusters.get(0);
    }

    /** One spec per K: each run directory holds one K. */
    @Override
    public java.util.List<RunSpec> perRun() {
        return clusters.stream().<RunSpec>map(this::withClusters).toList();
    }

    /** {@code name-k4}: the run id names the K. */
    @Override
    public String runName() {
        return name + "-k" + k();
    }

    @Override
    public RunKind kind() {
        return RunKind.HARD_MOE;
    }

    /** The trunk: the experiment a hard MoE trains first, and the backbone of every expert. */
    @Override
    public ExperimentConfig backbone() {
        return trunkExperiment();
    }
}
