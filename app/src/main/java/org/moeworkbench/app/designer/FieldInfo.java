package org.moeworkbench.app.designer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.moeworkbench.engine.config.ConfigChoice;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.Optimizer;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Router;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Stem;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.layout.ModelPresets;

/**
 * One setting of the experiment designer: its config key (the engine's dotted field name), a label, the
 * choices if it is a choice, and a tooltip that says what it does and what the papers found.
 *
 * @param key     dotted path in config.json, e.g. {@code moe.topK}
 * @param section the form group it is shown in
 * @param label   short label
 * @param choices allowed values for a drop-down (empty: free text)
 * @param tooltip what it does, and the papers' finding where there is one (with the table)
 */
public record FieldInfo(String key, String section, String label, List<String> choices, String tooltip) {

    public static final String GENERAL = "Experiment";
    public static final String DATA = "Data";
    public static final String AUGMENT = "Augmentation";
    public static final String MODEL = "Backbone";
    public static final String MOE = "MoE layers";
    public static final String TRAINING = "Training";
    /** The hard-MoE settings (Gross et al. 2017); the backbone, data and training sections apply to its trunk. */
    public static final String HARD = "Hard MoE (Gross et al.)";

    private static final Map<String, FieldInfo> ALL = new LinkedHashMap<>();

    private static void add(String key, String section, String label, List<String> choices, String tooltip) {
        ALL.put(key, new FieldInfo(key, section, label, List.copyOf(choices), tooltip));
    }

    private static void add(String key, String section, String label, String tooltip) {
        add(key, section, label, List.of(), tooltip);
    }

    static {
        add("name", GENERAL, "Name", "Short name of the experiment; the run folder is named <UTC time>-<name>.");
        add(
                "seed",
                GENERAL,
                "Seed",
                "Seeds weight init, data order, augmentation, router noise and the analysis"
                        + " subset: the same config and seed give the same run.");

        add(
                "data.source",
                DATA,
                "Source",
                "\"sample\" (the embedded 20,000 generated 32x32 images, 10 classes,"
                        + " 119 tags) or a dataset file or folder: IDX (MNIST / Fashion-MNIST), CIFAR-10/100 binaries, a"
                        + " class folder (one sub-folder per class) or a tagged folder (images + tags CSV).");
        List<String> formats = DataConfig.FORMATS;
        add("data.format", DATA, "Format", formats, "auto detects the format from the source.");
        add(
                "data.imageSize",
                DATA,
                "Image size",
                "Images are resized / centre-cropped to this square size. The"
                        + " hierarchical ConvNeXt needs at least 8 x patch size.");
        add(
                "data.sampleImages",
                DATA,
                "Sample images",
                "How many images the sample generator makes (sample data" + " only); a fifth is the test split.");
        add("data.sampleSeed", DATA, "Sample seed", "Seed of the sample generator (sample data only).");
        add(
                "data.validationFraction",
                DATA,
                "Validation share",
                "Share of the training images held out for" + " validation when the source has no validation split.");
        add(
                "data.task",
                DATA,
                "Task",
                ConfigChoice.names(Task.class),
                "classes: single-label classification; tags: multi-label" + " tag prediction (Gross et al.).");
        add(
                "data.sampling",
                DATA,
                "Sampling",
                ConfigChoice.names(Sampling.class),
                "per-tag: draw a tag uniformly, then an image"
                        + " with it (Gross et al. section 4.2); needs task tags.");
        add(
                "data.skipBadRecords",
                DATA,
                "Skip bad records",
                List.of("false", "true"),
                "Skip undecodable images (and say how many) instead of failing.");

        add(
                "augment.horizontalFlip",
                AUGMENT,
                "Horizontal flip",
                List.of("true", "false"),
                "Flip each training image left-right with probability 0.5.");
        add(
                "augment.cropPadding",
                AUGMENT,
                "Crop padding",
                "Pad by this many pixels and crop back at a random" + " offset; 0 = off.");
        add(
                "augment.mixupAlpha",
                AUGMENT,
                "Mixup alpha",
                "Beta(alpha, alpha) Mixup; 0 = off. The Sweet Spot"
                        + " recipes use Mixup 0.8 on ImageNet (Appendix C, Table 12).");
        add("augment.cutmixAlpha", AUGMENT, "CutMix alpha", "Beta(alpha, alpha) CutMix; 0 = off (Table 12: 1.0).");

        List<String> presets = new ArrayList<>();
        presets.add("custom");
        presets.addAll(ModelPresets.names());
        add(
                "model.preset",
                MODEL,
                "Preset",
                presets,
                "Choosing a preset fills the backbone fields and the image"
                        + " size. The paper sizes (convnext-t ...) are for 224x224 images and far too slow for a laptop;"
                        + " the *-32 presets train on 32x32 images.");
        add(
                "model.family",
                MODEL,
                "Family",
                ConfigChoice.names(Family.class),
                "convnext: hierarchical, four stages;" + " convnext-isotropic and vit: one stage.");
        add("model.depths", MODEL, "Depths", "Blocks per stage, comma-separated (four stages for convnext).");
        add("model.dims", MODEL, "Widths", "Channels per stage, one per depth.");
        add("model.patchSize", MODEL, "Patch size", "Stem stride (ConvNeXt) or patch size (ViT).");
        add(
                "model.stem",
                MODEL,
                "Stem",
                ConfigChoice.names(Stem.class),
                "patch: one p x p conv of stride p. conv (ConvNeXt only): a 3x3 conv at full resolution, LayerNorm,"
                        + " GELU, then an overlapping stride-p conv; costs a little time, gained ~0.9 points on"
                        + " Fashion-MNIST.");
        add("model.heads", MODEL, "Heads", "Attention heads (ViT only; 0 otherwise).");
        add("model.mlpRatio", MODEL, "MLP ratio", "Hidden size of the dense MLP as a multiple of the block width.");
        add("model.kernelSize", MODEL, "Kernel", "Depthwise kernel of ConvNeXt blocks (7 in the paper).");
        add("model.pooling", MODEL, "Pooling", List.of("mean", "cls"), "mean, or cls (ViT only).");
        add("model.layerScaleInit", MODEL, "Layer scale init", "Initial ConvNeXt layer scale (0 = off).");

        add(
                "moe.experts",
                MOE,
                "Experts E",
                "Experts per MoE layer; 0 = a dense model. Sweet Spot Table 4: 4 to 8"
                        + " experts were best on ImageNet-1k (16 was worse).");
        add(
                "moe.topK",
                MOE,
                "Top-k",
                "Experts each token is sent to (1 <= k <= E). Active params grow with k."
                        + " Sweet Spot Table 1 uses k = 1 for its best ImageNet-1k models.");
        add(
                "moe.placement",
                MOE,
                "Placement",
                ConfigChoice.names(Placement.class),
                "Which blocks get an MoE layer. Sweet Spot"
                        + " Table 3 and Table 9: Last 2 (last block of the last two stages) was the most robust choice;"
                        + " every2 (V-MoE style) lost accuracy. 'blocks' = the blocks toggled in the diagram.");
        add("moe.blocks", MOE, "Blocks", "Block indices (0-based) for placement 'blocks'; click the diagram.");
        add(
                "moe.router",
                MOE,
                "Router",
                ConfigChoice.names(Router.class),
                "linear (a 1x1 conv), cosine or L2. Sweet Spot Table 10:"
                        + " the linear router was best or on par overall; cosine and L2 need a projection (router dim).");
        add("moe.routerDim", MOE, "Router dim", "Projection size of the cosine and L2 routers (Appendix A).");
        add(
                "moe.expertMlpRatio",
                MOE,
                "Expert mlp_ratio",
                "Hidden size of each expert as a multiple of the block"
                        + " width (Sweet Spot Table 8 studies expert size).");
        add(
                "moe.capacityFactor",
                MOE,
                "Capacity factor",
                "Max tokens per expert as a multiple of the fair share;"
                        + " 0 = unlimited. Tokens over capacity skip the MoE layer (dropped).");
        add(
                "moe.batchPrioritized",
                MOE,
                "BPR",
                List.of("false", "true"),
                "Batch Prioritized Routing: when capacity"
                        + " is limited, serve tokens in order of their top gate (V-MoE).");
        add(
                "moe.routerLearningRateScale",
                MOE,
                "Router LR scale",
                "The routers' learning rate as a multiple of the learning rate (1 = the same). Large values"
                        + " make routing unstable: a way to see a routing collapse and its alarm.");
        add(
                "moe.collapseShare",
                MOE,
                "Collapse alarm share",
                "Health alarm: a layer has collapsed when one expert takes more than this share of the"
                        + " assignments for 'Collapse alarm steps' steps in a row (the Queue and Live routing views"
                        + " show it; 1 = never). Does not change training.");
        add(
                "moe.collapseSteps",
                MOE,
                "Collapse alarm steps",
                "Health alarm: how many training steps in a row one expert must exceed the collapse share.");
        add(
                "moe.balanceWeight",
                MOE,
                "Balancing weight",
                "Weight of the importance + load balancing loss; 0 = off."
                        + " Too little lets experts collapse onto one.");
        add("moe.routerNoise", MOE, "Router noise", "Std of Gaussian noise on router logits during training.");
        add(
                "moe.expertWeightDecay",
                MOE,
                "Expert weight decay",
                "Weight decay of expert weights (replaces the" + " training weight decay for them).");

        add(
                "training.optimizer",
                TRAINING,
                "Optimizer",
                ConfigChoice.names(Optimizer.class),
                "AdamW (the papers) or SGD.");
        add("training.learningRate", TRAINING, "Learning rate", "Peak rate after warmup; cosine decay after.");
        add("training.weightDecay", TRAINING, "Weight decay", "Decoupled weight decay (not norms, biases, experts).");
        add("training.momentum", TRAINING, "Momentum / beta1", "SGD momentum or Adam beta1.");
        add("training.epochs", TRAINING, "Epochs", "Passes over the training split.");
        add("training.batchSize", TRAINING, "Batch size", "Images per step.");
        add("training.warmupEpochs", TRAINING, "Warmup epochs", "Linear warmup before the cosine schedule.");
        add("training.labelSmoothing", TRAINING, "Label smoothing", "Label smoothing of the cross-entropy.");
        add("training.dropPath", TRAINING, "Drop path", "Stochastic depth: max drop probability.");
        add("training.logEverySteps", TRAINING, "Log every", "metrics.jsonl gets a step line this often.");
        add(
                "training.routingEveryEpoch",
                TRAINING,
                "Routing every epoch",
                List.of("true", "false"),
                "Write a routing snapshot after every epoch, so the live routing views refresh each epoch.");
        add(
                "training.analysisImages",
                TRAINING,
                "Analysis images",
                "Size of the fixed test subset whose routing" + " is recorded for the routing views.");
    }

    static {
        String gross = " (Gross, Ranzato, Szlam, CVPR 2017)";
        add(
                "clusters",
                HARD,
                "Clusters K",
                "K values, comma-separated: one run (and one queue entry) per K; the K"
                        + " runs share one trunk. The gater is K-means on the trunk's PCA features with no balancing, so"
                        + " clusters can be very uneven" + gross + ", section 3.");
        add(
                "pcaDims",
                HARD,
                "PCA dims",
                "Dimensions d of the PCA before K-means; the paper uses 256 (capped by the" + " trunk's feature size)"
                        + gross + ", section 3.");
        add("kmeansIterations", HARD, "K-means iterations", "Maximum Lloyd iterations of K-means (k-means++ seeding).");
        add(
                "decoder",
                HARD,
                "Decoder",
                HardMoeConfig.DECODERS,
                "independent: every expert has its own"
                        + " classifier head; shared: one head for all experts. Gross et al. found the shared decoder slightly"
                        + " worse (section 5).");
        add(
                "expertInit",
                HARD,
                "Expert init",
                HardMoeConfig.EXPERT_INITS,
                "trunk: experts start from the trunk's"
                        + " weights and are fine-tuned on their cluster (the paper); scratch: random initialisation.");
        add(
                "expertSampling",
                HARD,
                "Expert sampling",
                HardMoeConfig.EXPERT_SAMPLINGS,
                "With per-tag sampling:"
                        + " global = the trunk's per-tag distribution restricted to the cluster; cluster = per-tag sampling"
                        + " among the cluster's own tags.");
        add(
                "ensembleSize",
                HARD,
                "Ensemble size",
                "Trunks (different seeds) in the ensemble baseline, the trunk"
                        + " included; 0 or 1 = no ensemble. An ensemble of n trunks costs n x the trunk to evaluate, the"
                        + " hard MoE 2x (trunk + one expert)" + gross + ".");
        add("expertEpochs", HARD, "Expert epochs", "Maximum epochs of each expert over its cluster's images.");
        add(
                "patience",
                HARD,
                "Patience",
                "Early stopping: epochs without a better validation loss before an" + " expert stops.");
        add("expertLearningRate", HARD, "Expert learning rate", "Peak learning rate of the experts.");
        add("threads", HARD, "Threads", "Experts trained at once; 0 = one per core.");
        add(
                "qSamples",
                HARD,
                "q@m samples",
                "q@m (Gross et al. eq. 5): 0 = computed exactly; S > 0 = the paper's estimate from S (tag, image) draws.");
        add(
                "maxTrainImages",
                HARD,
                "Max train images",
                "Use at most this many train images (a seeded subset);" + " 0 = all.");
        add(
                "maxTestImages",
                HARD,
                "Max test images",
                "Use at most this many test images (a seeded subset);" + " 0 = all.");
    }

    /** Every designer field in display order. */
    public static List<FieldInfo> all() {
        return List.copyOf(ALL.values());
    }

    public static FieldInfo get(String key) {
        FieldInfo info = ALL.get(key);
        if (info == null) {
            throw new IllegalArgumentException("no designer field " + key);
        }
        return info;
    }

    public boolean isChoice() {
        return !choices.isEmpty();
    }
}
