package org.moeworkbench.engine.train;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.TrainingConfig;
import org.moeworkbench.engine.data.Batch;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.model.NetworkBuilder;
import org.moeworkbench.engine.model.OptimizerSettings;
import org.moeworkbench.engine.moe.RoutingHealth;
import org.moeworkbench.engine.run.CheckpointState;
import org.moeworkbench.engine.run.CheckpointState.EpochSums;
import org.moeworkbench.engine.run.CheckpointStore;
import org.moeworkbench.engine.run.EnvironmentInfo;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.Provenance;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunLock;
import org.moeworkbench.engine.run.RunStatus;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a network into a run directory: epochs of seeded batches through {@link Network#trainStep} with a
 * cosine learning rate after linear warmup and label-smoothed targets; validation and a checkpoint after
 * every epoch, the test split at the end; metrics.jsonl, routing snapshots and provenance.json as it goes.
 * A run directory that already has a checkpoint is continued from it (resume).
 */
public final class Trainer implements RunRunner {
    private final NetworkFactory networks;
    private final TrainingDataFactory datasets;
    private final MemoryCap memoryCap;

    public Trainer(NetworkFactory networks, TrainingDataFactory datasets) {
        this(networks, datasets, MemoryCap.fromEnvironment());
    }

    public Trainer(NetworkFactory networks, TrainingDataFactory datasets, MemoryCap memoryCap) {
        this.networks = networks;
        this.datasets = datasets;
        this.memoryCap = memoryCap;
    }

    /** The engine's own networks ({@link NetworkBuilder}) on the engine's datasets. */
    public static Trainer standard() {
        return new Trainer(
                (config, data) -> NetworkBuilder.build(
                        config.model(),
                        config.moe(),
                        data.classes(),
                        data.channels(),
                        config.data().imageSize(),
                        config.seed(),
                        OptimizerSettings.of(config.training(), config.moe())),
                DatasetTrainingData::open);
    }

    /**
     * Opens the run directory and trains its config.json, continuing from its checkpoint if it has one.
     *
     * @throws IllegalStateException if the run has already completed
     */
    @Override
    public Ending train(Path runDir, TrainingListener listener, CancellationToken cancel) throws IOException {
        TrainingOutcome outcome = resume(RunDirectory.open(runDir), listener, cancel);
        return new Ending(outcome.status(), outcome.message(), outcome.testAccuracy());
    }

    /** Continues a run from its last checkpoint with the config it was started with. */
    public TrainingOutcome resume(RunDirectory run, TrainingListener listener, CancellationToken cancel)
            throws IOException {
        if (run.hasProvenance() && run.provenance().status() == RunStatus.COMPLETED) {
            throw new IllegalStateException(run.root() + " has already completed; there is nothing to resume");
        }
        return train(run.config(), run, listener, cancel);
    }

    /**
     * Trains {@code config} into {@code run} (continuing from its last checkpoint, if it has one). Errors
     * while training are not thrown: the run is marked failed, the listener is told and the outcome says
     * why. Errors before the first step (the dataset cannot be opened, the run directory cannot be
     * written) are thrown.
     */
    public TrainingOutcome train(
            ExperimentConfig config, RunDirectory run, TrainingListener listener, CancellationToken cancel)
            throws IOException {
        try (RunLock lock = RunLock.acquire(run.root())) {
            listener.stage(
                    TrainingListener.Stage.DATA, "opening " + config.data().source());
            TrainingData data = datasets.open(config);
            ResourceCheck.require(config, data.classes(), data.channels(), memoryCap);
            Network network = networks.build(config, data);
            Session session = new Session(config, run, data, network, listener, cancel, memoryCap);
            session.prepare(lock.tookOverFrom());
            try {
                return session.loop();
            } catch (RuntimeException | IOException | Error e) {
                String message = "training failed at step " + session.globalStep + " (epoch " + (session.epochs + 1)
                        + "): " + MemoryCap.describeFailure(e) + session.keptCheckpoint();
                return session.end(RunStatus.FAILED, message, Double.NaN, Double.NaN);
            } finally {
                session.metrics.close();
            }
        }
    }

    /** The state of one call to {@link #train}. */
    private static final class Session {
        final ExperimentConfig config;
        final TrainingConfig training;
        final RunDirectory run;
        final TrainingData data;
        final Network network;
        final TrainingListener listener;
        final CancellationToken cancel;
        final MemoryCap memoryCap;
        final MetricsLog metrics;
        final int stepsPerEpoch;
        final CosineSchedule schedule;
        RoutingRecorder routing;
        Provenance provenance;
        final HealthLog health;

        long globalStep;
        int epochs;
        int batchInEpoch;
        EpochSums sums = EpochSums.empty();
        int bestEpoch;
        double bestAccuracy = -1;
        String lastCheckpoint;
        long lastCheckpointStep = -1;

        Session(
                ExperimentConfig config,
                RunDirectory run,
                TrainingData data,
                Network network,
                TrainingListener listener,
                CancellationToken cancel,
                MemoryCap memoryCap) {
            this.config = config;
            this.memoryCap = memoryCap;
            this.training = config.training();
            this.run = run;
            this.data = data;
            this.network = network;
            this.listener = listener;
            this.cancel = cancel;
            this.metrics = run.metrics();
            this.stepsPerEpoch = data.stepsPerEpoch(training.batchSize());
            this.health = new HealthLog(config.moe(), metrics, listener);
            this.schedule = CosineSchedule.of(
                    training.learningRate(), training.warmupEpochs(), training.epochs(), stepsPerEpoch);
        }

        /** @param tookOverLockOf the holder a stale writer lock named (logged in provenance), or null */
        void prepare(String tookOverLockOf) throws IOException {
            EnvironmentInfo environment = EnvironmentInfo.current();
            var state = run.checkpoints().state();
            String checkpointFallback = null;
            if (state.isPresent()) {
                CheckpointStore.Loaded loaded = run.checkpoints().loadNewestIntact(network, state.get());
                CheckpointState.Last last = loaded.at();
                checkpointFallback = loaded.fallback();
                globalStep = last.globalStep();
                epochs = last.epochsCompleted();
                batchInEpoch = last.batchInEpoch();
                sums = last.epochSoFar();
                bestEpoch = last.bestEpoch();
                bestAccuracy = last.bestValidationAccuracy();
                lastCheckpoint = last.file();
                lastCheckpointStep = globalStep;
                metrics.truncateTo(globalStep, epochs);
            } else {
                metrics.truncateTo(0, 0);
            }
            Instant now = Instant.now();
            if (run.hasProvenance()) {
                provenance = run.provenance().resumed(globalStep, environment, now, tookOverLockOf, checkpointFallback);
            } else {
                provenance = Provenance.started(run.id(), config, environment, data.hash(), now);
            }
            run.writeProvenance(provenance);
            if (checkpointFallback != null) {
                listener.warning(checkpointFallback);
            }
            run.writeModel(network.summary());
            routing = RoutingRecorder.open(
                    run.routing(),
                    data,
                    config.seed(),
                    training.analysisImages(),
                    config.moe().experts(),
                    training.batchSize());
            listener.stage(TrainingListener.Stage.EPOCHS, training.epochs() + " epochs of " + stepsPerEpoch + " steps");
            listener.runStarted(new TrainingListener.RunStarted(
                    run.id(),
                    training.epochs(),
                    stepsPerEpoch,
                    globalStep,
                    network.summary().params(),
                    network.summary().paramsActive()));
        }

        TrainingOutcome loop() throws IOException {
            while (epochs < training.epochs()) {
                Iterator<Batch> batches = data.trainBatches(config.seed(), epochs, training.batchSize(), batchInEpoch);
                try {
                    TrainingOutcome stopped = runEpoch(batches);
                    if (stopped != null) {
                        return stopped;
                    }
                } finally {
                    if (batches instanceof AutoCloseable closeable) {
                        closeQuietly(closeable);
                    }
                }
                endEpoch();
            }
            return finish();
        }

        private static void closeQuietly(AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // only stops a prefetch thread; nothing to report
            }
        }

        /** The steps of one epoch; an outcome if the run stopped (cancelled, NaN), else null. */
        private TrainingOutcome runEpoch(Iterator<Batch> batches) throws IOException {
            long windowStart = System.nanoTime();
            int windowImages = 0;
            while (batches.hasNext()) {
                if (cancel.isCancelled()) {
                    return cancelled();
                }
                Batch batch = batches.next();
                long start = System.nanoTime();
                double rate = schedule.rate(globalStep);
                INDArray targets = LabelSmoothing.apply(batch.targets(), training.labelSmoothing());
                Network.StepResult result = network.trainStep(batch.features(), targets, rate);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (!Double.isFinite(result.loss()) || !Double.isFinite(result.auxLoss())) {
                    return nonFinite(result, rate);
                }
                globalStep++;
                batchInEpoch++;
                windowImages += batch.size();
                sums = add(sums, batch.size(), result, seconds);
                double windowSeconds = (System.nanoTime() - windowStart) / 1e9;
                double imagesPerSecond = windowImages / Math.max(windowSeconds, 1e-9);
                if (globalStep % training.logEverySteps() == 0) {
                    metrics.append(stepLine(result, rate, imagesPerSecond));
                    windowStart = System.nanoTime();
                    windowImages = 0;
                }
                health.step(globalStep, epochs + 1, result.health());
                listener.step(new TrainingListener.StepEvent(
                        epochs + 1,
                        globalStep,
                        result.loss(),
                        result.auxLoss(),
                        rate,
                        batch.size() / Math.max(seconds, 1e-9),
                        result.expertLoad(),
                        result.health()));
                long rss = memoryCap.exceededBy();
                if (rss > 0) {
                    return overMemoryCap(rss);
                }
            }
            return null;
        }

        private void endEpoch() throws IOException {
            Evaluation validation = Evaluation.of(network, data, TrainingData.Split.VALIDATION, training.batchSize());
            epochs++;
            boolean best = validation.images() == 0 || validation.accuracy() > bestAccuracy;
            if (best) {
                bestEpoch = epochs;
                bestAccuracy = validation.images() == 0 ? bestAccuracy : validation.accuracy();
            }
            int steps = Math.max(1, sums.steps());
            double imagesPerSecond = sums.images() / Math.max(sums.seconds(), 1e-9);
            ObjectNode line = MetricsLog.line("epoch");
            line.put("epoch", epochs);
            line.put("step", globalStep);
            line.put("trainLoss", sums.loss() / steps);
            line.put("trainTaskLoss", sums.taskLoss() / steps);
            line.put("trainAuxLoss", sums.auxLoss() / steps);
            putNumber(line, "validationLoss", validation.loss());
            putNumber(line, "validationAccuracy", validation.accuracy());
            line.put("learningRate", schedule.rate(Math.max(0, globalStep - 1)));
            line.put("imagesPerSecond", imagesPerSecond);
            line.put("seconds", sums.seconds());
            line.put("best", best);
            putLoads(line, sums.expertLoad(), steps);
            List<RoutingHealth> epochHealth = health.endEpoch(line);
            metrics.append(line);
            health.checkEpoch(globalStep, epochs, epochHealth);
            TrainingListener.EpochEvent event = new TrainingListener.EpochEvent(
                    epochs,
                    sums.loss() / steps,
                    sums.auxLoss() / steps,
                    validation.loss(),
                    validation.accuracy(),
                    imagesPerSecond,
                    best);
            batchInEpoch = 0;
            sums = EpochSums.empty();
            checkpoint(String.format("epoch-%03d", epochs), best, validation.accuracy());
            listener.epochEnd(event);
            if (training.routingEveryEpoch() && epochs < training.epochs()) {
                writeRouting(false);
            }
            releaseGarbageArrays();
        }

        /**
         * ND4J frees an array's native memory only when the garbage collector collects its small Java object, and
         * with a heap of gigabytes that can take many epochs: the evaluation, routing and checkpoint arrays of each
         * epoch end (100-400 MB on the default config) then piled up in the resident memory. One collection per
         * epoch (tens of milliseconds) returns them.
         */
        private static void releaseGarbageArrays() {
            System.gc();
        }

        private TrainingOutcome finish() throws IOException {
            listener.stage(TrainingListener.Stage.EVALUATION, "the test split");
            Evaluation test = Evaluation.of(network, data, TrainingData.Split.TEST, training.batchSize());
            ObjectNode line = MetricsLog.line("test");
            line.put("epoch", epochs);
            line.put("step", globalStep);
            putNumber(line, "testLoss", test.loss());
            putNumber(line, "testAccuracy", test.accuracy());
            line.put("images", test.images());
            if (config.moe().enabled()) { // how much of the accuracy passes through the experts
                Evaluation silenced = network.withMoeSilenced(
                        () -> Evaluation.of(network, data, TrainingData.Split.TEST, training.batchSize()));
                putNumber(line, "testAccuracyMoeOff", silenced.accuracy());
                putNumber(line, "testLossMoeOff", silenced.loss());
            }
            line.put("bestEpoch", bestEpoch);
            putNumber(line, "bestValidationAccuracy", bestAccuracy < 0 ? Double.NaN : bestAccuracy);
            metrics.append(line);
            writeRouting(true);
            listener.finished(new TrainingListener.TestEvent(test.loss(), test.accuracy(), bestEpoch, bestAccuracy));
            return end(RunStatus.COMPLETED, "", test.loss(), test.accuracy());
        }

        private void writeRouting(boolean last) throws IOException {
            if (!config.moe().enabled() || routing.empty()) {
                return;
            }
            Path header = routing.record(network, data, epochs, last);
            listener.routingWritten(last ? -1 : epochs, header);
        }

        private TrainingOutcome cancelled() throws IOException {
            checkpointThisStep();
            listener.cancelled(globalStep);
            return end(
                    RunStatus.CANCELLED,
                    "cancelled after step " + globalStep + " (epoch " + (epochs + 1)
                            + ", batch " + batchInEpoch + " of " + stepsPerEpoch
                            + "); continue it with moe train --resume "
                            + run.root(),
                    Double.NaN,
                    Double.NaN);
        }

        /** Stops like a cancel (a step checkpoint to resume from) but as a failure that names the cap. */
        private TrainingOutcome overMemoryCap(long rss) throws IOException {
            checkpointThisStep();
            String message = memoryCap.message(rss) + " after step " + globalStep + " (epoch " + (epochs + 1)
                    + ", batch " + batchInEpoch + " of " + stepsPerEpoch + "); training stopped" + keptCheckpoint()
                    + ". " + MemoryCap.REMEDY + ", then continue with moe train --resume " + run.root();
            return end(RunStatus.FAILED, message, Double.NaN, Double.NaN);
        }

        /** A step checkpoint to resume from, unless this step already has one. */
        private void checkpointThisStep() throws IOException {
            if (lastCheckpointStep != globalStep) {
                checkpoint(String.format("step-%07d", globalStep), false, Double.NaN);
            }
        }

        private TrainingOutcome nonFinite(Network.StepResult result, double rate) throws IOException {
            String message = "loss is " + result.loss() + " (aux loss " + result.auxLoss() + ") at step "
                    + (globalStep + 1) + " (epoch " + (epochs + 1) + ", batch " + (batchInEpoch + 1) + " of "
                    + stepsPerEpoch + ", learning rate " + rate + "); training stopped" + keptCheckpoint();
            return end(RunStatus.FAILED, message, Double.NaN, Double.NaN);
        }

        String keptCheckpoint() {
            return lastCheckpoint == null
                    ? "; no checkpoint had been written yet"
                    : "; the last good checkpoint is kept: checkpoints/" + lastCheckpoint + " (step "
                            + lastCheckpointStep + ")";
        }

        private void checkpoint(String name, boolean best, double accuracy) throws IOException {
            CheckpointState.Last last =
                    new CheckpointState.Last(name, globalStep, epochs, batchInEpoch, sums, bestEpoch, bestAccuracy);
            CheckpointState state = run.checkpoints().save(network, name, last, best, accuracy);
            lastCheckpoint = state.last().file();
            lastCheckpointStep = globalStep;
        }

        TrainingOutcome end(RunStatus status, String message, double testLoss, double testAccuracy) {
            try {
                provenance = provenance.ended(status, message, Instant.now());
                run.writeProvenance(provenance);
            } catch (IOException e) {
                message = message + (message.isEmpty() ? "" : "; ") + "provenance.json could not be updated: " + e;
            }
            if (status == RunStatus.FAILED) {
                listener.failed(message);
            }
            return new TrainingOutcome(status, message, globalStep, epochs, testLoss, testAccuracy);
        }

        private ObjectNode stepLine(Network.StepResult result, double rate, double imagesPerSecond) {
            ObjectNode line = MetricsLog.line("step");
            line.put("epoch", epochs + 1);
            line.put("step", globalStep);
            line.put("loss", result.loss());
            line.put("taskLoss", result.taskLoss());
            line.put("auxLoss", result.auxLoss());
            line.put("learningRate", rate);
            line.put("imagesPerSecond", imagesPerSecond);
            putLoads(line, result.expertLoad(), 1);
            HealthLog.put(line, result.health());
            return line;
        }

        private static void putLoads(ObjectNode line, List<double[]> loads, int divisor) {
            ArrayNode layers = line.putArray("expertLoad");
            for (double[] layer : loads) {
                ArrayNode shares = layers.addArray();
                for (double share : layer) {
                    shares.add(share / divisor);
                }
            }
        }

        private static void putNumber(ObjectNode line, String key, double value) {
            if (Double.isFinite(value)) {
                line.put(key, value);
            } else {
                line.putNull(key);
            }
        }

        private static EpochSums add(EpochSums sums, int images, Network.StepResult result, double seconds) {
            List<double[]> loads = new ArrayList<>();
            List<double[]> stepLoads = result.expertLoad() == null ? List.of() : result.expertLoad();
            for (int i = 0; i < stepLoads.size(); i++) {
                double[] total = i < sums.expertLoad().size()
                        ? sums.expertLoad().get(i).clone()
                        : new double[stepLoads.get(i).length];
                for (int e = 0; e < total.length && e < stepLoads.get(i).length; e++) {
                    total[e] += stepLoads.get(i)[e];
                }
                loads.add(total);
            }
            return new EpochSums(
                    sums.steps() + 1,
                    sums.images() + images,
                    sums.loss() + result.loss(),
                    sums.taskLoss() + result.taskLoss(),
                    sums.auxLoss() + result.auxLoss(),
                    sums.seconds() + seconds,
                    loads);
        }
    }
}
