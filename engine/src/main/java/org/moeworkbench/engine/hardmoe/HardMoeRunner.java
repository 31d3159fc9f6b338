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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.model.NetworkBuilder;
import org.moeworkbench.engine.model.OptimizerSettings;
import org.moeworkbench.engine.run.EnvironmentInfo;
import org.moeworkbench.engine.run.Folders;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.Provenance;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunLock;
import org.moeworkbench.engine.run.RunStatus;
import org.moeworkbench.engine.run.RunStore;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.MemoryCap;
import org.moeworkbench.engine.train.RunRunner;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * Runs the hard-MoE pipeline of one run directory (one K): trunk (and ensemble members), gater (PCA + K-means on
 * the trunk's penultimate features), one expert per cluster, evaluation. Every stage writes its files before the
 * next starts, and a finished stage is not redone, so a run continues expert by expert after a crash or a cancel.
 * A trunk (or ensemble member) trained with the same settings in a sibling run directory is copied, not
 * retrained: the K values of one study share one trunk. The expert stage is {@link ExpertStage}.
 */
public final class HardMoeRunner implements RunRunner {
    private static final int EVAL_BATCH = 256;
    private static final int[] M = {1, 5, 10};
    /** Ensemble member m has seed {@code seed + m * MEMBER_SEED_STEP}. */
    static final long MEMBER_SEED_STEP = 7919;

    /** How a run ended. */
    public record Outcome(RunStatus status, String message, Map<String, HardMoeRun.ModelResult> results) {}

    /** Where independent experts train: null for this process's thread pool. */
    private final ExpertFarm farm;

    /** Experts train in this process, {@code threads} at once. */
    public HardMoeRunner() {
        this(null);
    }

    /** Experts of an independent decoder train on {@code farm}, one task each; the rest runs here. */
    public HardMoeRunner(ExpertFarm farm) {
        this.farm = farm;
    }

    /** What an attempt copies of its run: what the trunk and gater stages wrote, not experts or run bookkeeping. */
    private static final Set<String> NOT_COPIED = Set.of(
            HardMoeRun.EXPERTS,
            HardMoeRun.ENSEMBLE,
            HardMoeRun.RESULTS,
            RunDirectory.METRICS,
            RunDirectory.PROVENANCE,
            ".attempts",
            "writer.lock");

    /**
     * One farmed expert, on whatever machine runs the task: trains expert {@code expert} of the run in {@code runDir}
     * (trunk and gater written) in {@code runDir/.attempts/ATTEMPT/run}, a copy of the run without its experts, and
     * moves the expert's directory into the run when it has trained, in one rename. If the expert has already landed
     * (an earlier attempt), nothing is trained; if another attempt lands first, this one's copy is deleted. Its metrics
     * lines stay in the expert's directory for the driver ({@link ExpertStage}).
     *
     * @return true if the expert is trained in the run (by this attempt or an earlier one)
     */
    public static boolean trainExpertTask(Path runDir, int expert, String attempt, CancellationToken cancel)
            throws IOException {
        HardMoeRun run = HardMoeRun.open(runDir);
        if (trained(run.expertDir(expert))) {
            return true;
        }
        Path attemptRoot = runDir.resolve(".attempts").resolve(attempt);
        Path work = attemptRoot.resolve("run");
        Folders.deleteTree(attemptRoot);
        copyTree(runDir, work);
        HardMoeRun copy = HardMoeRun.open(work);
        Session session = new Session(copy, new TrainingListener() {}, cancel);
        try (MetricsLog expertMetrics = new MetricsLog(copy.expertDir(expert).resolve(ExpertStage.EXPERT_METRICS))) {
            session.data = TaskData.open(copy.config());
            Network trunk =
                    session.trunkNetwork("trunk", copy.config().seed(), work.resolve(HardMoeRun.TRUNK), "trunk.ckpt");
            HardMoeRun.Clusters clusters = session.gater(trunk);
            new ExpertStage(
                            copy,
                            session.data,
                            expertMetrics,
                            session.listener,
                            cancel,
                            session::build,
                            session::checkCancel,
                            Set.of(expert),
                            null)
                    .train(trunk, clusters);
        } catch (Cancelled c) {
            Folders.deleteTree(attemptRoot);
            return false;
        } finally {
            session.metrics.close();
        }
        Path done = copy.expertDir(expert);
        if (!trained(done)) {
            Folders.deleteTree(attemptRoot);
            return false;
        }
        Path target = run.expertDir(expert);
        Files.createDirectories(target.getParent());
        Folders.deleteTree(
                target); // what a killed local run left (state "running"), never a trained expert: checked above
        try {
            Files.move(done, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) { // another attempt landed first: keep that one
            if (!trained(target)) {
                throw e;
            }
        }
        Folders.deleteTree(attemptRoot);
        return true;
    }

    private static boolean trained(Path expertDir) {
        Path state = expertDir.resolve(HardMoeRun.ExpertState.FILE);
        return Files.isRegularFile(state)
                && ConfigJson.readAllowingNulls(state, HardMoeRun.ExpertState.class)
                        .status()
                        .equals(HardMoeRun.ExpertState.TRAINED);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> top = Files.list(from)) {
            for (Path entry : top.toList()) {
                if (NOT_COPIED.contains(entry.getFileName().toString())) {
                    continue;
                }
                try (Stream<Path> all = Files.walk(entry)) {
                    for (Path p : all.toList()) {
                        Path dest = to.resolve(from.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(dest);
                        } else {
                            Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        }
    }

    /** A new run directory {@code <runs>/<UTC time>-<name>-k<K>} holding the config for that K ({@link RunStore}). */
    public static Path create(Path runs, HardMoeConfig config, int k, Instant now) throws IOException {
        return new RunStore(runs).create(config.withClusters(k), now).root();
    }

    /**
     * {@link #run}, as every kind of run is started: the headline accuracy is the mixture's p@1 (0..1); a completed
     * run's message names the p@1 of its models ({@link HardMoeRun#summary}).
     */
    @Override
    public Ending train(Path runDir, TrainingListener listener, CancellationToken cancel) throws IOException {
        Outcome outcome = run(runDir, listener, cancel);
        HardMoeRun.ModelResult mixture =
                outcome.results() == null ? null : outcome.results().get(HardMoeRun.MODEL_MOE);
        double accuracy = mixture == null || mixture.p1() == null ? Double.NaN : mixture.p1() / 100;
        String message =
                outcome.status() == RunStatus.COMPLETED ? HardMoeRun.summary(outcome.results()) : outcome.message();
        return new Ending(outcome.status(), message, accuracy);
    }

    /**
     * Runs (or continues) the run in {@code dir}. Errors after the run started mark it failed (the message says
     * where) and are returned, not thrown; files already written stay.
     */
    public Outcome run(Path dir, TrainingListener listener, CancellationToken cancel) throws IOException {
        HardMoeRun run = HardMoeRun.open(dir);
        if (run.status() == RunStatus.COMPLETED && run.results().isPresent()) {
            return new Outcome(
                    RunStatus.COMPLETED, "already completed", run.results().get());
        }
        try (RunLock lock = RunLock.acquire(dir)) {
            Session session = new Session(run, listener, cancel);
            session.farm = farm;
            try {
                session.start(lock.tookOverFrom());
                return session.pipeline();
            } catch (Cancelled c) {
                return session.end(
                        RunStatus.CANCELLED,
                        "cancelled during " + c.getMessage() + "; continue it with moe hardmoe --resume " + dir,
                        null);
            } catch (RuntimeException | IOException | Error e) {
                return session.end(
                        RunStatus.FAILED,
                        "failed during " + session.stage + ": " + MemoryCap.describeFailure(e)
                                + "; fix the cause and continue with moe hardmoe --resume " + dir,
                        null);
            } finally {
                session.metrics.close();
            }
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
        final TrainingListener listener;
        final CancellationToken cancel;
        final MetricsLog metrics;
        TaskData data;
        Provenance provenance;
        String stage = "start";

        ExpertFarm farm;

        Session(HardMoeRun run, TrainingListener listener, CancellationToken cancel) {
            this.run = run;
            this.config = run.config();
            this.listener = listener;
            this.cancel = cancel;
            this.metrics = new MetricsLog(run.root().resolve(RunDirectory.METRICS));
        }

        /** @param tookOverLockOf the holder a stale writer lock named (logged in provenance), or null */
        void start(String tookOverLockOf) throws IOException {
            stage = "opening the dataset";
            data = TaskData.open(config);
            Instant now = Instant.now();
            var existing = run.provenance();
            if (existing.isPresent()) {
                long done = run.experts().stream()
                        .filter(s -> s.status().equals(HardMoeRun.ExpertState.TRAINED))
                        .count();
                provenance = existing.get().resumed(done, EnvironmentInfo.current(), now, tookOverLockOf, null);
                pruneMetrics();
            } else {
                provenance =
                        Provenance.started(run.id(), config, EnvironmentInfo.current(), data.dataset.sha256(), now);
            }
            ConfigJson.write(run.root().resolve(RunDirectory.PROVENANCE), provenance);
        }

        Outcome end(RunStatus status, String message, Map<String, HardMoeRun.ModelResult> results) {
            try {
                if (provenance != null) {
                    provenance = provenance.ended(status, message, Instant.now());
                    ConfigJson.write(run.root().resolve(RunDirectory.PROVENANCE), provenance);
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
            listener.stage(TrainingListener.Stage.TRUNK, "training the trunk");
            Network trunk = trunkNetwork("trunk", config.seed(), run.root().resolve(HardMoeRun.TRUNK), "trunk.ckpt");
            checkCancel();
            List<Network> members = new ArrayList<>();
            members.add(trunk);
            for (int m = 1; m < config.ensembleSize(); m++) {
                stage = "ensemble member " + m;
                String name = String.format("ensemble-%02d", m);
                listener.stage(
                        TrainingListener.Stage.ENSEMBLE,
                        "training ensemble member " + m + " of " + (config.ensembleSize() - 1));
                members.add(trunkNetwork(
                        name,
                        config.seed() + m * MEMBER_SEED_STEP,
                        run.root().resolve(HardMoeRun.ENSEMBLE).resolve(String.format("member-%02d", m)),
                        "member.ckpt"));
                checkCancel();
            }
            stage = "gater";
            listener.stage(TrainingListener.Stage.CLUSTERING, "PCA + K-means on the trunk's penultimate features");
            HardMoeRun.Clusters clusters = gater(trunk);
            checkCancel();
            stage = "experts";
            Map<Integer, Network> experts = new ExpertStage(
                            run, data, metrics, listener, cancel, this::build, this::checkCancel, null, farm)
                    .train(trunk, clusters);
            checkCancel();
            stage = "evaluation";
            listener.stage(TrainingListener.Stage.EVALUATION, "p@m, q@m, losses, oracle, ensemble, inference cost");
            Gater gater = new Gater(run.pca().orElseThrow(), run.centroids().orElseThrow());
            Map<String, HardMoeRun.ModelResult> results = new Evaluator(
                            config, data, run.root(), trunk, members, experts, clusters, gater, listener)
                    .evaluate();
            ConfigJson.write(run.root().resolve(HardMoeRun.RESULTS), results);
            return end(RunStatus.COMPLETED, "", results);
        }

        Network build(long seed) {
            TrainingConfig t = config.training();
            OptimizerSettings optimizer = new OptimizerSettings(
                    t.optimizer(), t.weightDecay(), t.weightDecay(), t.momentum(), 0.999, t.dropPath());
            return NetworkBuilder.build(
                    config.model(),
                    MoeConfig.dense(),
                    data.width(),
                    data.dataset.channels(),
                    config.data().imageSize(),
                    seed,
                    optimizer);
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
                Files.copy(
                        sibling.resolve(run.root().relativize(checkpoint)),
                        checkpoint,
                        StandardCopyOption.REPLACE_EXISTING);
                HardMoeRun.TrunkState theirs = ConfigJson.readAllowingNulls(
                        sibling.resolve(run.root().relativize(stateFile)), HardMoeRun.TrunkState.class);
                for (JsonNode line : MetricsLog.read(sibling.resolve(RunDirectory.METRICS))) {
                    if (line.path("model").asText().equals(name)) {
                        metrics.append((ObjectNode) line);
                    }
                }
                ConfigJson.write(
                        stateFile,
                        new HardMoeRun.TrunkState(
                                theirs.status(),
                                theirs.seed(),
                                theirs.epochs(),
                                theirs.bestEpoch(),
                                theirs.bestValidationLoss(),
                                theirs.seconds(),
                                sibling.getFileName().toString(),
                                checkpointName));
                listener.info(name + ": copied from " + sibling.getFileName() + " (same trunk settings)");
                network.load(checkpoint);
                return network;
            }
            TrainingConfig t = config.training();
            ModelTraining.Settings settings = new ModelTraining.Settings(
                    name,
                    t.epochs(),
                    t.epochs(),
                    t.learningRate(),
                    t.warmupEpochs(),
                    t.batchSize(),
                    t.labelSmoothing(),
                    config.data().sampling(),
                    config.augment(),
                    seed,
                    null);
            Files.createDirectories(folder);
            ModelTraining.Outcome o = ModelTraining.train(
                    network,
                    data,
                    data.dataset.train(),
                    data.dataset.validation(),
                    settings,
                    checkpoint,
                    metrics,
                    listener,
                    cancel);
            if (o.cancelled()) {
                throw new Cancelled("training " + name);
            }
            ConfigJson.write(
                    stateFile,
                    new HardMoeRun.TrunkState(
                            HardMoeRun.ExpertState.TRAINED,
                            seed,
                            o.epochs(),
                            o.bestEpoch(),
                            o.bestValidationLoss(),
                            o.seconds(),
                            null,
                            checkpointName));
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
                    if (p.toAbsolutePath().equals(run.root().toAbsolutePath())
                            || !RunDirectory.isHardMoe(p)
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
            return a.seed() == b.seed()
                    && a.data().equals(b.data())
                    && a.augment().equals(b.augment())
                    && a.model().equals(b.model())
                    && a.training().equals(b.training())
                    && a.maxTrainImages() == b.maxTrainImages()
                    && a.maxTestImages() == b.maxTestImages();
        }

        /** Keeps the metrics lines of models that are finished; a resumed run writes the others again. */
        void pruneMetrics() throws IOException {
            Set<String> finished = new HashSet<>();
            if (run.trunkState().isPresent()) {
                finished.add("trunk");
            }
            for (int m = 1; m < config.ensembleSize(); m++) {
                if (Files.isRegularFile(run.root()
                        .resolve(HardMoeRun.ENSEMBLE)
                        .resolve(String.format("member-%02d", m))
                        .resolve(HardMoeRun.TrunkState.FILE))) {
                    finished.add(String.format("ensemble-%02d", m));
                }
            }
            for (HardMoeRun.ExpertState s : run.experts()) {
                if (!s.status().equals(HardMoeRun.ExpertState.RUNNING)) {
                    finished.add(HardMoeRun.expertName(s.expert()));
                }
            }
            Path file = run.root().resolve(RunDirectory.METRICS);
            List<JsonNode> kept = MetricsLog.read(file).stream()
                    .filter(n -> finished.contains(n.path("model").asText()))
                    .toList();
            Path tmp = file.resolveSibling(RunDirectory.METRICS + ".tmp");
            var writer = ConfigJson.mapper()
                    .copy()
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
            if (existing.isPresent()
                    && run.pca().isPresent()
                    && run.centroids().isPresent()
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
            ConfigJson.write(
                    run.root().resolve(HardMoeRun.TAG_CLUSTER_COUNTS),
                    new HardMoeRun.TagClusterCounts(data.vocabulary, k, counts));
            HardMoeRun.Clusters clusters = new HardMoeRun.Clusters(k, sizes, trainAssign, testAssign, validationAssign);
            ConfigJson.write(run.root().resolve(HardMoeRun.CLUSTERS), clusters);
            listener.info("cluster sizes " + java.util.Arrays.toString(sizes) + " (d = "
                    + gater.pca().components().length + ", explained variance "
                    + String.format(
                            "%.3f",
                            java.util.Arrays.stream(gater.pca().explainedVariance())
                                    .sum()) + ")");
            return clusters;
        }
    }
}
