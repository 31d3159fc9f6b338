package org.moeworkbench.engine.hardmoe;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.Provenance;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * Reads a hard-MoE run directory (see docs/formats.md, "Hard-MoE runs"). Files are read when asked for, so a
 * reader sees a running run as far as it has got: files not written yet give an empty {@link Optional}.
 * The nested records are also what the engine writes.
 */
public final class HardMoeRun {
    public static final String PCA = "gater/pca.json";
    public static final String CENTROIDS = "gater/centroids.json";
    public static final String CLUSTERS = "clusters.json";
    public static final String TAG_CLUSTER_COUNTS = "tag_cluster_counts.json";
    public static final String PER_TAG = "per_tag.json";
    public static final String RESULTS = "results.json";
    public static final String EXPERTS = "experts";
    public static final String TRUNK = "trunk";
    public static final String ENSEMBLE = "ensemble";

    /** Model keys of results.json. */
    public static final String MODEL_TRUNK = "trunk";

    public static final String MODEL_MOE = "moe";
    public static final String MODEL_ORACLE = "oracle";
    public static final String MODEL_ENSEMBLE = "ensemble";

    private static final ObjectMapper LENIENT = ConfigJson.mapper()
            .copy()
            .disable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private final Path root;
    private final HardMoeConfig config;

    private HardMoeRun(Path root, HardMoeConfig config) {
        this.root = root;
        this.config = config;
    }

    /** Opens a hard-MoE run directory; its spec (config.json, or hardmoe.json in old runs) must be valid. */
    public static HardMoeRun open(Path dir) throws IOException {
        if (!RunDirectory.isHardMoe(dir)) {
            throw new IOException(dir + " is not a hard-MoE run"
                    + (RunDirectory.isRun(dir)
                            ? " (it is a dense or sparse-MoE run: open it as a RunDirectory)"
                            : ": it has no " + RunDirectory.CONFIG));
        }
        try {
            return new HardMoeRun(dir, ConfigJson.read(RunDirectory.specFile(dir), HardMoeConfig.class));
        } catch (ConfigFileException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public String id() {
        return root.getFileName().toString();
    }

    public HardMoeConfig config() {
        return config;
    }

    /** K of this run. */
    public int k() {
        return config.k();
    }

    public Optional<Provenance> provenance() throws IOException {
        return read(RunDirectory.PROVENANCE, Provenance.class);
    }

    /** The provenance status; {@code running} when provenance.json is not written yet. */
    public RunStatus status() throws IOException {
        return provenance().map(Provenance::status).orElse(RunStatus.RUNNING);
    }

    /** Every metrics.jsonl line (trunk, ensemble members and experts; see the {@code model} field). */
    public List<JsonNode> metrics() throws IOException {
        return MetricsLog.read(root.resolve(RunDirectory.METRICS));
    }

    /** The metrics lines of one model ({@code trunk}, {@code ensemble-01}, {@code expert-03}, ...). */
    public List<JsonNode> metrics(String model) throws IOException {
        return metrics().stream()
                .filter(n -> n.path("model").asText().equals(model))
                .toList();
    }

    public Optional<Pca> pca() throws IOException {
        return read(PCA, Pca.class);
    }

    /** K x d centroids in PCA space; the row of an empty cluster is null. */
    public Optional<double[][]> centroids() throws IOException {
        return read(CENTROIDS, double[][].class);
    }

    public Optional<Clusters> clusters() throws IOException {
        return read(CLUSTERS, Clusters.class);
    }

    /** Images per cluster on the train split, or empty before clustering. */
    public Optional<int[]> clusterSizes() throws IOException {
        return clusters().map(Clusters::sizes);
    }

    /** The cluster of every train image (train split index order). */
    public Optional<int[]> trainAssignments() throws IOException {
        return clusters().map(Clusters::train);
    }

    /** The cluster of every test image (test split index order). */
    public Optional<int[]> testAssignments() throws IOException {
        return clusters().map(Clusters::test);
    }

    public Optional<TagClusterCounts> tagClusterCounts() throws IOException {
        return read(TAG_CLUSTER_COUNTS, TagClusterCounts.class);
    }

    public Optional<List<PerTag>> perTag() throws IOException {
        Optional<PerTag[]> entries = read(PER_TAG, PerTag[].class);
        return entries.map(List::of);
    }

    /** Expert states in expert order (experts not started yet have no state.json and are left out). */
    public List<ExpertState> experts() throws IOException {
        Path dir = root.resolve(EXPERTS);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ExpertState> states = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path p : children.sorted().toList()) {
                Path state = p.resolve(ExpertState.FILE);
                if (Files.isRegularFile(state)) {
                    states.add(ConfigJson.readAllowingNulls(state, ExpertState.class));
                }
            }
        }
        return states;
    }

    /** trunk/state.json, once the trunk is trained (or copied from a sibling run). */
    public Optional<TrunkState> trunkState() throws IOException {
        return read(TRUNK + "/" + TrunkState.FILE, TrunkState.class);
    }

    /** The folder of expert {@code expert}: {@code experts/expert-NN}. */
    public Path expertDir(int expert) {
        return root.resolve(EXPERTS).resolve(expertName(expert));
    }

    /** {@code expert-03}: the folder and metrics model name of an expert. */
    public static String expertName(int expert) {
        return String.format("expert-%02d", expert);
    }

    /** "moe p@1 1.75%, oracle p@1 1.75%, trunk p@1 2.10%": the p@1 of the first three models of results.json. */
    public static String summary(Map<String, ModelResult> results) {
        if (results == null || results.isEmpty()) {
            return "results.json written";
        }
        List<String> parts = new ArrayList<>();
        for (var e : results.entrySet()) {
            if (e.getValue().p1() != null && parts.size() < 3) {
                // p@m is already in percent (TagMetrics, Gross et al. eq. 4)
                parts.add(String.format(
                        java.util.Locale.ROOT,
                        "%s p@1 %.2f%%",
                        e.getKey(),
                        e.getValue().p1()));
            }
        }
        return parts.isEmpty() ? "results.json written" : String.join(", ", parts);
    }

    /** results.json: model key ({@code trunk}, {@code moe}, {@code oracle}, {@code ensemble}) to its metrics. */
    public Optional<Map<String, ModelResult>> results() throws IOException {
        Path file = root.resolve(RESULTS);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode tree = LENIENT.readTree(file.toFile());
        Map<String, ModelResult> out = new LinkedHashMap<>();
        for (var it = tree.fields(); it.hasNext(); ) {
            var e = it.next();
            out.put(e.getKey(), LENIENT.treeToValue(e.getValue(), ModelResult.class));
        }
        return Optional.of(Collections.unmodifiableMap(out));
    }

    private <T> Optional<T> read(String name, Class<T> type) throws IOException {
        Path file = root.resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LENIENT.readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * gater/pca.json.
     *
     * @param mean              the feature mean [f]
     * @param components        d x f: principal axes, largest variance first; projection = components (x - mean)
     * @param explainedVariance variance proportion of each kept axis [d]
     * @param featureSize       f, the trunk's penultimate width
     */
    public record Pca(double[] mean, double[][] components, double[] explainedVariance, int featureSize) {}

    /**
     * clusters.json.
     *
     * @param k     number of clusters (some may be empty)
     * @param sizes train images per cluster [K]
     * @param train cluster of each train image, in train split order
     * @param test  cluster of each test image, in test split order
     * @param validation cluster of each validation image, in validation split order
     */
    public record Clusters(int k, int[] sizes, int[] train, int[] test, int[] validation) {}

    /**
     * tag_cluster_counts.json over the train split: {@code counts[t][c]} = train images of cluster c that carry
     * tag t (classes task: the class is the one tag).
     */
    public record TagClusterCounts(List<String> tags, int clusters, int[][] counts) {}

    /**
     * One entry of per_tag.json.
     *
     * @param tag      the tag (or class) name
     * @param count    train images carrying it
     * @param q10      q@10 of the hard MoE restricted to this tag: share of the test images carrying the tag
     *                 whose top 10 predictions contain it (null if no test image carries it)
     * @param sparsity ||c(t)||1 / ||c(t)||2 of its train counts over the clusters: 1 = all in one cluster,
     *                 sqrt(K) = spread evenly (null if the tag has no train image)
     */
    public record PerTag(String tag, int count, Double q10, Double sparsity) {}

    /**
     * experts/expert-NN/state.json.
     *
     * @param expert            index = cluster
     * @param status            {@code running}, {@code trained}, {@code skipped-empty}
     * @param trainImages       train images of its cluster
     * @param validationImages  validation images of its cluster (early stopping; 0 = fixed epochs)
     * @param testImages        test images routed to it
     * @param epochs            epochs trained
     * @param bestEpoch         epoch of the kept weights
     * @param bestValidationLoss validation loss of the kept weights (null without validation images)
     * @param checkpoint        checkpoint file name in the folder (null if skipped)
     * @param seconds           training time
     * @param message           why it was skipped, or empty
     */
    public record ExpertState(
            int expert,
            String status,
            int trainImages,
            int validationImages,
            int testImages,
            int epochs,
            int bestEpoch,
            Double bestValidationLoss,
            String checkpoint,
            double seconds,
            String message) {
        public static final String FILE = "state.json";

        /** This state as the listener's event, with how many of the run's experts are finished. */
        public TrainingListener.ExpertEvent event(int done, int total) {
            return new TrainingListener.ExpertEvent(
                    expertName(expert),
                    status,
                    trainImages,
                    epochs,
                    seconds,
                    message == null ? "" : message,
                    done,
                    total);
        }

        public static final String RUNNING = "running";
        public static final String TRAINED = "trained";
        public static final String SKIPPED_EMPTY = "skipped-empty";
    }

    /**
     * trunk/state.json and ensemble/member-NN/state.json: a trained trunk-architecture network.
     *
     * @param status             {@code trained}
     * @param seed               its weight-init and data seed
     * @param epochs             epochs trained
     * @param bestEpoch          epoch of the kept weights (best validation loss)
     * @param bestValidationLoss its validation loss (null without a validation split)
     * @param seconds            training time
     * @param copiedFrom         id of the sibling run it was copied from (same trunk settings), or null
     * @param checkpoint         checkpoint file name in the folder
     */
    public record TrunkState(
            String status,
            long seed,
            int epochs,
            int bestEpoch,
            Double bestValidationLoss,
            double seconds,
            String copiedFrom,
            String checkpoint) {
        public static final String FILE = "state.json";
    }

    /**
     * One model's entry of results.json. Losses are softmax cross-entropies in inference mode; null where not
     * computed.
     *
     * @param testLoss              test split, uniform over images, Gross et al. eq. 3 targets (the image's tag
     *                              indicator; the class one-hot for the classes task)
     * @param testLossPerTag        test split, tag drawn uniformly then an image carrying it (the paper's test
     *                              loss; exact expectation, not sampled)
     * @param trainLoss             as testLossPerTag on the train split (for the tags task; as testLoss for classes)
     * @param q1                    q@1 (eq. 5), in percent
     * @param p1                    p@1 (eq. 4), in percent
     * @param inferenceCostRelative measured inference time per test image relative to the trunk (moe: gater +
     *                              expert; ensemble: N trunks)
     * @param params                trainable parameters of the whole model (all experts; all ensemble members)
     * @param flopsRelative         forward FLOPs per test image relative to the trunk, from the model summary
     *                              (moe: trunk + gater projection and distances + one expert; ensemble: N trunks;
     *                              oracle: trunk + all experts); noise-free, unlike the measured time
     */
    public record ModelResult(
            Double testLoss,
            Double testLossPerTag,
            Double trainLoss,
            @JsonProperty("q@1") Double q1,
            @JsonProperty("q@5") Double q5,
            @JsonProperty("q@10") Double q10,
            @JsonProperty("p@1") Double p1,
            @JsonProperty("p@5") Double p5,
            @JsonProperty("p@10") Double p10,
            Double inferenceCostRelative,
            Long params,
            Double flopsRelative) {}
}
