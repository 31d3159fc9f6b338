package org.moeworkbench.engine.hardmoe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.data.DatasetSplit;
import org.moeworkbench.engine.data.SubsetSplit;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The expert stage of a hard-MoE run: one expert per non-empty cluster, trained on its cluster's images
 * (independently on a thread pool, or together around a shared decoder), each expert's state written as it
 * finishes so that a run resumes expert by expert. Experts already trained in the run directory are loaded.
 */
record ExpertStage(
        HardMoeRun run,
        TaskData data,
        MetricsLog metrics,
        TrainingListener listener,
        CancellationToken cancel,
        LongFunction<Network> networks,
        Runnable checkCancel,
        java.util.Set<Integer> only,
        ExpertFarm farm) {

    /** The stage of a whole run: every expert, trained here. */
    ExpertStage(
            HardMoeRun run,
            TaskData data,
            MetricsLog metrics,
            TrainingListener listener,
            CancellationToken cancel,
            LongFunction<Network> networks,
            Runnable checkCancel) {
        this(run, data, metrics, listener, cancel, networks, checkCancel, null, null);
    }

    /** Per-expert metrics an expert trained by a farm writes in its own directory; the driver moves them to the run's. */
    static final String EXPERT_METRICS = "metrics.jsonl";

    private HardMoeConfig config() {
        return run.config();
    }

    private static int[] members(int[] assignment, int cluster) {
        return HardMoeRunnerSupport.members(assignment, cluster);
    }

    private long expertSeed(int e) {
        return config().seed() + 1_000 + e;
    }

    /** Trains the experts that are not trained yet; returns every trained expert, loaded. */
    Map<Integer, Network> train(Network trunk, HardMoeRun.Clusters clusters) throws IOException {
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
            if (done.containsKey(e) || (only != null && !only.contains(e))) {
                continue;
            }
            if (clusters.sizes()[e] == 0) {
                HardMoeRun.ExpertState s = new HardMoeRun.ExpertState(
                        e,
                        HardMoeRun.ExpertState.SKIPPED_EMPTY,
                        0,
                        members(clusters.validation(), e).length,
                        members(clusters.test(), e).length,
                        0,
                        0,
                        null,
                        null,
                        0,
                        "cluster " + e + " has no training image (K = " + k
                                + " is more than the features support); no expert, no image is routed to it");
                ConfigJson.write(run.expertDir(e).resolve(HardMoeRun.ExpertState.FILE), s);
                done.put(e, s);
                listener.info(HardMoeRun.expertName(e) + ": skipped, " + s.message());
                listener.expertFinished(s.event(finished.incrementAndGet(), k));
                continue;
            }
            todo.add(e);
        }
        listener.stage(
                TrainingListener.Stage.EXPERTS,
                todo.size() + " of " + k + " experts to train ("
                        + (config().decoder().equals("shared")
                                ? "shared decoder, one thread"
                                : Math.min(config().effectiveThreads(), Math.max(1, todo.size())) + " at once")
                        + ")");
        if (!todo.isEmpty()) {
            long start = System.nanoTime();
            int threads;
            if (config().decoder().equals("shared")) {
                threads = 1;
                trainShared(trunk, clusters, todo, finished);
            } else if (farm != null) {
                threads = todo.size();
                trainOnFarm(clusters, todo, finished);
            } else {
                threads = Math.min(config().effectiveThreads(), todo.size());
                trainIndependent(trunk, clusters, todo, finished);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (only != null) { // a farm's task: the driver writes the stage's line
                return new LinkedHashMap<>();
            }
            ObjectNode line = MetricsLog.line("experts");
            line.put("model", "experts");
            line.put("trained", todo.size());
            line.put("threads", threads);
            line.put("seconds", seconds);
            metrics.append(line);
            listener.info(
                    farm == null
                            ? String.format(
                                    "%d experts trained in %.1f s wall time on %d thread(s)",
                                    todo.size(), seconds, threads)
                            : String.format(
                                    "%d experts trained in %.1f s wall time as %d tasks on %s",
                                    todo.size(), seconds, threads, farm.where()));
        }
        Map<Integer, Network> experts = new LinkedHashMap<>();
        if (only != null) { // a task of a farm: its expert is written, the driver loads them all
            return experts;
        }
        for (HardMoeRun.ExpertState s : run.experts()) {
            if (s.status().equals(HardMoeRun.ExpertState.TRAINED)) {
                Network n = networks.apply(expertSeed(s.expert()));
                n.load(run.expertDir(s.expert()).resolve(s.checkpoint()));
                experts.put(s.expert(), n);
            }
        }
        return experts;
    }

    /**
     * Hands the experts to the farm, then takes in what landed, in expert order: each expert's own metrics lines go to
     * the run's metrics.jsonl (the same lines a local run writes, grouped by expert instead of interleaved).
     */
    private void trainOnFarm(HardMoeRun.Clusters clusters, List<Integer> todo, AtomicInteger finished)
            throws IOException {
        listener.info(todo.size() + " experts handed to " + farm.where());
        farm.trainExperts(run.root(), todo, cancel);
        List<Integer> missing = new ArrayList<>();
        for (int e : todo) {
            java.nio.file.Path state = run.expertDir(e).resolve(HardMoeRun.ExpertState.FILE);
            HardMoeRun.ExpertState s = java.nio.file.Files.isRegularFile(state)
                    ? ConfigJson.readAllowingNulls(state, HardMoeRun.ExpertState.class)
                    : null;
            if (s == null || !s.status().equals(HardMoeRun.ExpertState.TRAINED)) {
                missing.add(e);
                continue;
            }
            java.nio.file.Path own = run.expertDir(e).resolve(EXPERT_METRICS);
            if (java.nio.file.Files.isRegularFile(own)) {
                for (com.fasterxml.jackson.databind.JsonNode line : MetricsLog.read(own)) {
                    metrics.append((ObjectNode) line);
                }
                java.nio.file.Files.delete(own);
            }
            listener.expertFinished(s.event(finished.incrementAndGet(), clusters.k()));
        }
        checkCancel.run();
        if (!missing.isEmpty()) {
            throw new IOException("experts " + missing + " did not finish on " + farm.where()
                    + " (the task failed more often than the farm retries; its log names the cause)");
        }
    }

    private ModelTraining.Settings expertSettings(int e) {
        TrainingConfig t = config().training();
        boolean global = config().expertSampling().equals("global");
        return new ModelTraining.Settings(
                HardMoeRun.expertName(e),
                config().expertEpochs(),
                config().patience(),
                config().expertLearningRate(),
                config().expertInit().equals("scratch") ? t.warmupEpochs() : 0,
                t.batchSize(),
                t.labelSmoothing(),
                config().data().sampling(),
                config().augment(),
                config().seed() * 31 + 1_000 + e,
                global
                        ? new ModelTraining.TagWeights(
                                Sampler.inverseTagCounts(data.tags(data.dataset.train()), data.width()),
                                Sampler.inverseTagCounts(data.tags(data.dataset.validation()), data.width()))
                        : null);
    }

    private Network newExpert(Network trunk, int e) {
        Network n = networks.apply(expertSeed(e));
        if (config().expertInit().equals("trunk")) {
            synchronized (trunk) {
                n.copyWeightsFrom(trunk);
            }
        }
        return n;
    }

    private DatasetSplit subset(String name, DatasetSplit base, int[] assignment, int e) {
        return new SubsetSplit(name + "-cluster-" + e, base, members(assignment, e));
    }

    private void writeTrained(int e, HardMoeRun.Clusters clusters, ModelTraining.Outcome o, AtomicInteger finished)
            throws IOException {
        HardMoeRun.ExpertState s = new HardMoeRun.ExpertState(
                e,
                HardMoeRun.ExpertState.TRAINED,
                clusters.sizes()[e],
                members(clusters.validation(), e).length,
                members(clusters.test(), e).length,
                o.epochs(),
                o.bestEpoch(),
                o.bestValidationLoss(),
                "expert.ckpt",
                o.seconds(),
                "");
        ConfigJson.write(run.expertDir(e).resolve(HardMoeRun.ExpertState.FILE), s);
        ObjectNode line = MetricsLog.line("expert");
        line.put("model", HardMoeRun.expertName(e));
        line.put("status", s.status());
        line.put("epochs", s.epochs());
        line.put("bestEpoch", s.bestEpoch());
        line.put("seconds", s.seconds());
        metrics.append(line);
        listener.expertFinished(s.event(finished.incrementAndGet(), clusters.k()));
    }

    private void writeRunning(int e, HardMoeRun.Clusters clusters) throws IOException {
        ConfigJson.write(
                run.expertDir(e).resolve(HardMoeRun.ExpertState.FILE),
                new HardMoeRun.ExpertState(
                        e,
                        HardMoeRun.ExpertState.RUNNING,
                        clusters.sizes()[e],
                        members(clusters.validation(), e).length,
                        members(clusters.test(), e).length,
                        0,
                        0,
                        null,
                        null,
                        0,
                        ""));
    }

    private void trainIndependent(
            Network trunk, HardMoeRun.Clusters clusters, List<Integer> todo, AtomicInteger finished)
            throws IOException {
        int threads = Math.min(config().effectiveThreads(), todo.size());
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
                    ModelTraining.Outcome o = ModelTraining.train(
                            n,
                            data,
                            subset("train", data.dataset.train(), clusters.train(), e),
                            subset("validation", data.dataset.validation(), clusters.validation(), e),
                            expertSettings(e),
                            run.expertDir(e).resolve("expert.ckpt"),
                            metrics,
                            listener,
                            cancel);
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
        checkCancel.run();
    }

    private void trainShared(Network trunk, HardMoeRun.Clusters clusters, List<Integer> todo, AtomicInteger finished)
            throws IOException {
        // the shared decoder couples the experts: they are trained (and resumed) together
        List<SharedDecoderTraining.Member> group = new ArrayList<>();
        for (int e : todo) {
            writeRunning(e, clusters);
            group.add(new SharedDecoderTraining.Member(
                    e,
                    newExpert(trunk, e),
                    subset("train", data.dataset.train(), clusters.train(), e),
                    subset("validation", data.dataset.validation(), clusters.validation(), e),
                    expertSettings(e).dataSeed(),
                    run.expertDir(e).resolve("expert.ckpt")));
        }
        Map<String, INDArray> head = config().expertInit().equals("trunk")
                ? trunk.headState()
                : group.get(0).network().headState();
        head.keySet().removeIf(key -> key.contains("#")); // a fresh optimiser state for the shared head
        SharedDecoderTraining shared = new SharedDecoderTraining(head);
        Map<Integer, ModelTraining.Outcome> outcomes =
                shared.train(group, data, expertSettings(todo.get(0)), metrics, listener, cancel);
        checkCancel.run();
        for (SharedDecoderTraining.Member m : group) {
            m.network().setHeadState(shared.head());
            m.network().save(m.checkpoint());
            writeTrained(m.expert(), clusters, outcomes.get(m.expert()), finished);
        }
    }
}
