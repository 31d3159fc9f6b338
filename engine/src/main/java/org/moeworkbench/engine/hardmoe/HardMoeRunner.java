package org.moeworkbench.engine.hardmoe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.data.DatasetSplit;
import org.moeworkbench.engine.data.SubsetSplit;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.model.NetworkBuilder;
import org.moeworkbench.engine.model.OptimizerSettings;
import org.moeworkbench.engine.run.EnvironmentInfo;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.train.CancellationToken;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs the hard-MoE pipeline of one run directory (one K): trunk (and ensemble members), gater (PCA + K-means on
 * the trunk's penultimate features), one expert per cluster, evaluation. Every stage writes its files before the
 * next starts, and a finished stage is not redone, so a run continues expert by expert after a crash or a cancel.
 * A trunk (or ensemble member) trained with the same settings in a sibling run directory is copied, not
 * retrained: the K values of one study share one trunk.
 */
public final class HardMoeRunner {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final int EVAL_BATCH = 256;
    private static final int[] M = {1, 5, 10};
    /** Ensemble member m has seed {@code seed + m * MEMBER_SEED_STEP}. */
    static final long MEMBER_SEED_STEP = 7919;

    /** How a run ended. */
    public record Outcome(RunStatus status, String message, Map<String, HardMoeRun.ModelResult> results) {
    }

    /** A new run directory {@code <runs>/<UTC time>-<name>-k<K>} holding hardmoe.json (the config for that K). */
    public static Path create(Path runs, HardMoeConfig config, int k, Instant now) throws IOException {
        Files.createDirectories(runs);
        String base = STAMP.format(now) + "-" + config.name() + "-k" + k;
        Path dir = runs.resolve(base);
        for (int n = 2; Files.exists(dir); n++) {
            dir = runs.resolve(base + "-" + n);
        }
        Files.createDirectories(dir);
        ConfigJson.write(dir.resolve(HardMoeRun.CONFIG), config.withClusters(k));
        return dir;
    }

    /**
     * Runs (or continues) the run in {@code dir}. Errors after the run started mark it failed (the message says
     * where) and are returned, not thrown; files already written stay.
     */
    public Outcome run(Path dir, HardMoeListener listener, CancellationToken cancel) throws IOException {
        HardMoeRun run = HardMoeRun.open(dir);
        if (run.status() == RunStatus.COMPLETED && run.results().isPresent()) {
            return new Outcome(RunStatus.COMPLETED, "already completed", run.results().get());
        }
        Session session = new Session(run, listener, cancel);
        try {
            session.start();
            return session.pipeline();
        } catch (Cancelled c) {
            return session.end(RunStatus.CANCELLED, "cancelled during " + c.getMessage()
                    + "; continue it with moe hardmoe --resume " + dir, null);
        } catch (RuntimeException | IOException | Error e) {
            return session.end(RunStatus.FAILED, "failed during " + session.stage + ": " + e
                    + "; fix the cause and continue with moe hardmoe --resume " + dir, null);
        } finally {
            session.metrics.close();
        }
    }

    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled(String stage) {
            super(stage);
        }
    }

    private static final class Session {
        final HardMoeRun run;
        final HardMoeConfig config;
        final HardMoeListener listener;
        final CancellationToken cancel;
        final MetricsLog metrics;
        TaskData data;
        HardMoeProvenance provenance;
        String stage = "start";

        Session(HardMoeRun run, HardMoeListener listener, CancellationToken cancel) {
            this.run = run;
            this.config = run.config();
            this.listener = listener;
            this.cancel = cancel;
            this.metrics = new MetricsLog(run.root().resolve(HardMoeRun.METRICS));
        }

        void start() throws IOException {
            stage = "opening the dataset";
            data = TaskData.open(config);
            Instant now = Instant.now();
            var existing = run.provenance();
            if (existing.isPresent()) {
                long done = run.experts().stream().filter(s -> s.status().equals(HardMoeRun.ExpertState.TRAINED))
                        .count();
                provenance = existing.get().resumed(done, EnvironmentInfo.current(), now);
                pruneMetrics();
            } else {
                provenance = HardMoeProvenance.started(run.id(), config, EnvironmentInfo.current(),
                        data.dataset.sha256(), now);
            }
            ConfigJson.write(run.root().resolve(HardMoeRun.PROVENANCE), provenance);
        }

        Outcome end(RunStatus status, String message, Map<String, HardMoeRun.ModelResult> results) {
            try {
                if (provenance != null) {
                    provenance = provenance.ended(status, message, Instant.now());
                    ConfigJson.write(run.root().resolve(HardMoeRun.PROVENANCE), provenance);
                }
            } catch (IOException e) {
                message = message + "; provenance.json could not be updated: " + e;
            }
            return new Outcome(status, message, results);
        }

        void checkCancel() {
            if (cancel.isCancelled()) {
                throw new Cancelled(stage);
            }
        }

        Outcome pipeline() throws IOException {
            stage = "trunk";
            listener.stage("trunk", "training the trunk");
            Network trunk = trunkNetwork("trunk", config.seed(), run.root().resolve(HardMoeRun.TRUNK), "trunk.ckpt");
            checkCancel();
            List<Network> members = new ArrayList<>();
            members.add(trunk);
            for (int m = 1; m < config.ensembleSize(); m++) {
                stage = "ensemble member " + m;
                String name = String.format("ensemble-%02d", m);
                listener.stage("ensemble", "training ensemble member " + m + " of " + (config.ensembleSize() - 1));
                members.add(trunkNetwork(name, config.seed() + m * MEMBER_SEED_STEP,
                        run.root().resolve(HardMoeRun.ENSEMBLE).resolve(String.format("member-%02d", m)), "member.ckpt"));
                checkCancel();
            }
            stage = "gater";
            listener.stage("gater", "PCA + K-means on the trunk's penultimate features");
            HardMoeRun.Clusters clusters = gater(trunk);
            checkCancel();
            stage = "experts";
            Map<Integer, Network> experts = experts(trunk, clusters);
            checkCancel();
            stage = "evaluation";
            listener.stage("evaluation", "p@m, q@m, losses, oracle, ensemble, inference cost");
            Gater gater = new Gater(run.pca().orElseThrow(), run.centroids().orElseThrow());
            Map<String, HardMoeRun.ModelResult> results = new Evaluator(config, data, run.root(), trunk, members,
                    experts, clusters, gater, listener).evaluate();
            ConfigJson.write(run.root().resolve(HardMoeRun.RESULTS), results);
            return end(RunStatus.COMPLETED, "", results);
        }

        Network build(long seed) {
            TrainingConfig t = config.training();
            OptimizerSettings optimizer = new OptimizerSettings(t.optimizer(), t.weightDecay(), t.weightDecay(),
                    t.momentum(), 0.999, t.dropPath());
            return NetworkBuilder.build(config.model(), MoeConfig.dense(), data.width(), data.dataset.channels(),
                    config.data().imageSize(), seed, optimizer);
        }

        /** A trained trunk-architecture network: from this run, copied from a sibling run, or trained now. */
        Network trunkNetwork(String name, long seed, Path folder, String checkpointName) throws IOException {
            Path stateFile = folder.resolve(HardMoeRun.TrunkState.FILE);
            Path checkpoint = folder.resolve(checkpointName);
            Network network = build(seed);
            if (Files.isRegularFile(stateFile) && Files.isRegularFile(checkpoint)) {
                network.load(checkpoint);
                return network;
            }
            Path sibling = siblingWith(run.root().relativize(folder));
            if (sibling != null) {
                Files.createDirectories(folder);
                Files.copy(sibling.resolve(run.root().relativize(checkpoint)), checkpoint,
                        StandardCopyOption.REPLACE_EXISTING);
                HardMoeRun.TrunkState theirs = ConfigJson.readAllowingNulls(
                        sibling.resolve(run.root().relativize(stateFile)), HardMoeRun.TrunkState.class);
                for (JsonNode line : MetricsLog.read(sibling.resolve(HardMoeRun.METRICS))) {
                    if (line.path("model").asText().equals(name)) {
                        metrics.append((ObjectNode) line);
                    }
                }
                ConfigJson.write(stateFile, new HardMoeRun.TrunkState(theirs.status(), theirs.seed(), theirs.epochs(),
                        theirs.bestEpoch(), theirs.bestValidationLoss(), theirs.seconds(),
                        sibling.getFileName().toString(), checkpointName));
                listener.message(name + ": copied from " + sibling.getFileName() + " (same trunk settings)");
                network.load(checkpoint);
                return network;
            }
            TrainingConfig t = config.training();
            ModelTraining.Settings settings = new ModelTraining.Settings(name, t.epochs(), t.epochs(),
                    t.learningRate(), t.warmupEpochs(), t.batchSize(), t.labelSmoothing(), config.data().sampling(),
                    config.augment(), seed);
            Files.createDirectories(folder);
            ModelTraining.Outcome o = ModelTraining.train(network, data, data.dataset.train(),
                    data.dataset.validation(), settings, checkpoint, metrics, listener, cancel);
            if (o.cancelled()) {
                throw new Cancelled("training " + name);
            }
            ConfigJson.write(stateFile, new HardMoeRun.TrunkState(HardMoeRun.ExpertState.TRAINED, seed, o.epochs(),
                    o.bestEpoch(), o.bestValidationLoss(), o.seconds(), null, checkpointName));
            return network;
        }

        /** A sibling run directory with the same trunk settings whose {@code relative} folder holds a trained model. */
        Path siblingWith(Path relative) throws IOException {
            Path parent = run.root().toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                return null;
            }
            try (Stream<Path> children = Files.list(parent)) {
                for (Path p : children.sorted().toList()) {
                    if (p.toAbsolutePath().equals(run.root().toAbsolutePath()) || !HardMoeRun.isHardMoeRun(p)
                            || !Files.isRegularFile(p.resolve(relative).resolve(HardMoeRun.TrunkState.FILE))) {
                        continue;
                    }
                    HardMoeConfig other;
                    try {
                        other = HardMoeRun.open(p).config();
                    } catch (IOException e) {
                        continue;
                    }
                    if (sameTrunk(other, config)) {
                        return p;
                    }
                }
            }
            return null;
        }

        static boolean sameTrunk(HardMoeConfig a, HardMoeConfig b) {
            return a.seed() == b.seed() && a.data().equals(b.data()) && a.augment().equals(b.augment())
                    && a.model().equals(b.model()) && a.training().equals(b.training());
        }

        /** Keeps the metrics lines of models that are finished; a resumed run writes the others again. */
        void pruneMetrics() throws IOException {
            Set<String> finished = new HashSet<>();
            if (run.trunkState().isPresent()) {
                finished.add("trunk");
            }
            for (int m = 1; m < config.ensembleSize(); m++) {
                if (Files.isRegularFile(run.root().resolve(HardMoeRun.ENSEMBLE)
                        .resolve(String.format("member-%02d", m)).resolve(HardMoeRun.TrunkState.FILE))) {
                    finished.add(String.format("ensemble-%02d", m));
                }
            }
            for (HardMoeRun.ExpertState s : run.experts()) {
                if (!s.status().equals(HardMoeRun.ExpertState.RUNNING)) {
                    finished.add(HardMoeRun.expertName(s.expert()));
                }
            }
            Path file = run.root().resolve(HardMoeRun.METRICS);
            List<JsonNode> kept = MetricsLog.read(file).stream()
                    .filter(n -> finished.contains(n.path("model").asText())).toList();
            Path tmp = file.resolveSibling(HardMoeRun.METRICS + ".tmp");
            var writer = ConfigJson.mapper().copy()
                    .disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (JsonNode n : kept) {
                    w.write(writer.writeValueAsString(writer.treeToValue(n, Object.class)));
                    w.newLine();
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }

        HardMoeRun.Clusters gater(Network trunk) throws IOException {
            var existing = run.clusters();
            if (existing.isPresent() && run.pca().isPresent() && run.centroids().isPresent()
                    && run.tagClusterCounts().isPresent()) {
                return existing.get();
            }
            int batch = EVAL_BATCH;
            double[][] train = data.penultimate(trunk, data.dataset.train(), batch);
            Gater gater = Gater.fit(train, config.pcaDims(), config.k(), config.kmeansIterations(), config.seed());
            int[] trainAssign = gater.assign(train);
            int[] validationAssign = gater.assign(data.penultimate(trunk, data.dataset.validation(), batch));
            int[] testAssign = gater.assign(data.penultimate(trunk, data.dataset.test(), batch));
            int k = config.k();
            int[] sizes = new int[k];
            for (int c : trainAssign) {
                sizes[c]++;
            }
            int[][] counts = new int[data.width()][k];
            int[][] trainTags = data.tags(data.dataset.train());
            for (int i = 0; i < trainTags.length; i++) {
                for (int t : trainTags[i]) {
                    counts[t][trainAssign[i]]++;
                }
            }
            ConfigJson.write(run.root().resolve(HardMoeRun.PCA), gater.pca());
            ConfigJson.write(run.root().resolve(HardMoeRun.CENTROIDS), gater.centroids());
            ConfigJson.write(run.root().resolve(HardMoeRun.TAG_CLUSTER_COUNTS),
                    new HardMoeRun.TagClusterCounts(data.vocabulary, k, counts));
            HardMoeRun.Clusters clusters = new HardMoeRun.Clusters(k, sizes, trainAssign, testAssign, validationAssign);
            ConfigJson.write(run.root().resolve(HardMoeRun.CLUSTERS), clusters);
            listener.message("cluster sizes " + java.util.Arrays.toString(sizes) + " (d = "
                    + gater.pca().components().length + ", explained variance "
                    + String.format("%.3f", java.util.Arrays.stream(gater.pca().explainedVariance()).sum()) + ")");
            return clusters;
        }

        static int[] members(int[] assignment, int cluster) {
            return HardMoeRunnerSupport.members(assignment, cluster);
        }

        long expertSeed(int e) {
            return config.seed() + 1_000 + e;
        }

        /** Trains the experts that are not trained yet; returns every trained expert, loaded. */
        Map<Integer, Network> experts(Network trunk, HardMoeRun.Clusters clusters) throws IOException {
            int k = clusters.k();
            Map<Integer, HardMoeRun.ExpertState> done = new LinkedHashMap<>();
            for (HardMoeRun.ExpertState s : run.experts()) {
                if (!s.status().equals(HardMoeRun.ExpertState.RUNNING)) {
                    done.put(s.expert(), s);
                }
            }
            List<Integer> todo = new ArrayList<>();
            AtomicInteger finished = new AtomicInteger(done.size());
            for (int e = 0; e < k; e++) {
                if (done.containsKey(e)) {
                    continue;
                }
                if (clusters.sizes()[e] == 0) {
                    HardMoeRun.ExpertState s = new HardMoeRun.ExpertState(e, HardMoeRun.ExpertState.SKIPPED_EMPTY, 0,
                            members(clusters.validation(), e).length, members(clusters.test(), e).length, 0, 0, null,
                            null, 0, "cluster " + e + " has no training image (K = " + k
                                    + " is more than the features support); no expert, no image is routed to it");
                    ConfigJson.write(run.expertDir(e).resolve(HardMoeRun.ExpertState.FILE), s);
                    done.put(e, s);
                    listener.message(HardMoeRun.expertName(e) + ": skipped, " + s.message());
                    listener.expertFinished(s, finished.incrementAndGet(), k);
                    continue;
                }
                todo.add(e);
            }
            listener.stage("experts", todo.size() + " of " + k + " experts to train ("
                    + (config.decoder().equals("shared") ? "shared decoder, one thread"
                            : Math.min(config.effectiveThreads(), Math.max(1, todo.size())) + " at once") + ")");
            if (!todo.isEmpty()) {
                if (config.decoder().equals("shared")) {
                    trainShared(trunk, clusters, todo, finished);
                } else {
                    trainIndependent(trunk, clusters, todo, finished);
                }
            }
            Map<Integer, Network> experts = new LinkedHashMap<>();
            for (HardMoeRun.ExpertState s : run.experts()) {
                if (s.status().equals(HardMoeRun.ExpertState.TRAINED)) {
                    Network n = build(expertSeed(s.expert()));
                    n.load(run.expertDir(s.expert()).resolve(s.checkpoint()));
                    experts.put(s.expert(), n);
                }
            }
            return experts;
        }

        ModelTraining.Settings expertSettings(int e) {
            TrainingConfig t = config.training();
            return new ModelTraining.Settings(HardMoeRun.expertName(e), config.expertEpochs(), config.patience(),
                    config.expertLearningRate(), config.expertInit().equals("scratch") ? t.warmupEpochs() : 0,
                    t.batchSize(), t.labelSmoothing(), config.data().sampling(), config.augment(),
                    config.seed() * 31 + 1_000 + e);
        }

        Network newExpert(Network trunk, int e) {
            Network n = build(expertSeed(e));
            if (config.expertInit().equals("trunk")) {
                synchronized (trunk) {
                    n.copyWeightsFrom(trunk);
                }
            }
            return n;
        }

        DatasetSplit subset(String name, DatasetSplit base, int[] assignment, int e) {
            return new SubsetSplit(name + "-cluster-" + e, base, members(assignment, e));
        }

        void writeTrained(int e, HardMoeRun.Clusters clusters, ModelTraining.Outcome o, AtomicInteger finished)
                throws IOException {
            HardMoeRun.ExpertState s = new HardMoeRun.ExpertState(e, HardMoeRun.ExpertState.TRAINED,
                    clusters.sizes()[e], members(clusters.validation(), e).length, members(clusters.test(), e).length,
                    o.epochs(), o.bestEpoch(), o.bestValidationLoss(), "expert.ckpt", o.seconds(), "");
            ConfigJson.write(run.expertDir(e).resolve(HardMoeRun.ExpertState.FILE), s);
            ObjectNode line = MetricsLog.line("expert");
            line.put("model", HardMoeRun.expertName(e));
            line.put("status", s.status());
            line.put("epochs", s.epochs());
            line.put("bestEpoch", s.bestEpoch());
            line.put("seconds", s.seconds());
            metrics.append(line);
            listener.expertFinished(s, finished.incrementAndGet(), clusters.k());
        }

        void writeRunning(int e, HardMoeRun.Clusters clusters) throws IOException {
            ConfigJson.write(run.expertDir(e).resolve(HardMoeRun.ExpertState.FILE), new HardMoeRun.ExpertState(e,
                    HardMoeRun.ExpertState.RUNNING, clusters.sizes()[e], members(clusters.validation(), e).length,
                    members(clusters.test(), e).length, 0, 0, null, null, 0, ""));
        }

        void trainIndependent(Network trunk, HardMoeRun.Clusters clusters, List<Integer> todo, AtomicInteger finished)
                throws IOException {
            int threads = Math.min(config.effectiveThreads(), todo.size());
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "hardmoe-expert");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int e : todo) {
                    futures.add(pool.submit(() -> {
                        if (cancel.isCancelled()) {
                            return null;
                        }
                        writeRunning(e, clusters);
                        Network n = newExpert(trunk, e);
                        ModelTraining.Outcome o = ModelTraining.train(n, data,
                                subset("train", data.dataset.train(), clusters.train(), e),
                                subset("validation", data.dataset.validation(), clusters.validation(), e),
                                expertSettings(e), run.expertDir(e).resolve("expert.ckpt"), metrics, listener, cancel);
                        if (!o.cancelled()) {
                            writeTrained(e, clusters, o, finished);
                        }
                        return null;
                    }));
                }
                Throwable failure = null;
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException ex) {
                        if (failure == null) {
                            failure = ex.getCause();
                            cancel.cancel(); // stop the other experts; the trained ones are kept
                        }
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while experts were training", ex);
                    }
                }
                if (failure instanceof IOException io) {
                    throw io;
                }
                if (failure instanceof RuntimeException re) {
                    throw re;
                }
                if (failure instanceof Error err) {
                    throw err;
                }
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
            } finally {
                pool.shutdownNow();
            }
            checkCancel();
        }

        void trainShared(Network trunk, HardMoeRun.Clusters clusters, List<Integer> todo, AtomicInteger finished)
                throws IOException {
            // the shared decoder couples the experts: they are trained (and resumed) together
            List<SharedDecoderTraining.Member> group = new ArrayList<>();
            for (int e : todo) {
                writeRunning(e, clusters);
                group.add(new SharedDecoderTraining.Member(e, newExpert(trunk, e),
                        subset("train", data.dataset.train(), clusters.train(), e),
                        subset("validation", data.dataset.validation(), clusters.validation(), e),
                        expertSettings(e).dataSeed(), run.expertDir(e).resolve("expert.ckpt")));
            }
            Map<String, INDArray> head = config.expertInit().equals("trunk") ? trunk.headState()
                    : group.get(0).network().headState();
            head.keySet().removeIf(key -> key.contains("#")); // a fresh optimiser state for the shared head
            SharedDecoderTraining shared = new SharedDecoderTraining(head);
            Map<Integer, ModelTraining.Outcome> outcomes = shared.train(group, data, expertSettings(todo.get(0)),
                    metrics, listener, cancel);
            checkCancel();
            for (SharedDecoderTraining.Member m : group) {
                m.network().setHeadState(shared.head());
                m.network().save(m.checkpoint());
                writeTrained(m.expert(), clusters, outcomes.get(m.expert()), finished);
            }
        }
    }
}
