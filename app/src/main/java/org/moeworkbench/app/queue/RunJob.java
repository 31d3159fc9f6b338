package org.moeworkbench.app.queue;

import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.moeworkbench.app.common.CurvePoint;
import org.moeworkbench.app.common.UiBatcher;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.train.CancellationToken;

/**
 * One training in the queue. Its properties change on the UI thread only (through {@link UiBatcher}).
 */
public final class RunJob {
    public enum Status {
        QUEUED,
        RUNNING,
        COMPLETED,
        CANCELLED,
        FAILED;

        public boolean finished() {
            return this == COMPLETED || this == CANCELLED || this == FAILED;
        }

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A point of a curve: x is the global step (step curves) or the epoch (epoch curves). */
    private final ExperimentConfig config;

    private final HardMoeConfig hardMoe;
    private final CancellationToken cancel = new CancellationToken();
    private final StringProperty name = new SimpleStringProperty();
    private final ObjectProperty<Status> status = new SimpleObjectProperty<>(Status.QUEUED);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty eta = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("queued");
    private final ObjectProperty<Path> runDir = new SimpleObjectProperty<>();
    private final ObservableList<CurvePoint> loss = FXCollections.observableArrayList();
    private final ObservableList<CurvePoint> auxLoss = FXCollections.observableArrayList();
    private final ObservableList<CurvePoint> trainLoss = FXCollections.observableArrayList();
    private final ObservableList<CurvePoint> validationAccuracy = FXCollections.observableArrayList();
    private final ObjectProperty<List<double[]>> expertLoad = new SimpleObjectProperty<>(List.of());
    /** Counts routing snapshots written so far; the live routing views reload when it changes. */
    private final IntegerProperty routingSnapshots = new SimpleIntegerProperty(0);

    private final ObjectProperty<Path> lastRoutingHeader = new SimpleObjectProperty<>();
    private final DoubleProperty testAccuracy = new SimpleDoubleProperty(Double.NaN);

    public RunJob(ExperimentConfig config) {
        this.config = config;
        this.hardMoe = null;
        name.set(config.name());
    }

    /** Who writes an attached run (the text of its writer.lock), or null for a job this window started. */
    private String attachedHolder;

    /** A running training this window did not start (an earlier window, or a terminal), followed through its files. */
    static RunJob attached(ExperimentConfig config, Path runDir, String holder) {
        RunJob job = new RunJob(config);
        job.attachedHolder = holder;
        job.runDir.set(runDir);
        job.status.set(Status.RUNNING);
        job.message.set("attached: running in " + holder);
        return job;
    }

    /** A running hard MoE this window did not start; followed through its lock only (no curves). */
    static RunJob attachedHard(HardMoeConfig config, Path runDir, String holder) {
        RunJob job = new RunJob(config, config.trunkExperiment());
        job.attachedHolder = holder;
        job.runDir.set(runDir);
        job.status.set(Status.RUNNING);
        job.message.set("attached: hard MoE running in " + holder);
        return job;
    }

    public String attachedHolder() {
        return attachedHolder;
    }

    /** A hard-MoE run of one K ({@code hardMoe.clusters()} holds that K); {@code trunk} is its trunk as a dense experiment. */
    public RunJob(HardMoeConfig hardMoe, ExperimentConfig trunk) {
        this.config = trunk;
        this.hardMoe = hardMoe;
        name.set(hardMoe.name() + " (hard MoE, K=" + hardMoe.k() + ")");
    }

    /** The trained network's config; for a hard-MoE job, its trunk (a dense network). */
    public ExperimentConfig config() {
        return config;
    }

    /** The hard-MoE config of this job (one K), or null for a sparse / dense training. */
    public HardMoeConfig hardMoe() {
        return hardMoe;
    }

    public CancellationToken cancellation() {
        return cancel;
    }

    public StringProperty name() {
        return name;
    }

    public ObjectProperty<Status> status() {
        return status;
    }

    public DoubleProperty progress() {
        return progress;
    }

    public StringProperty eta() {
        return eta;
    }

    public StringProperty message() {
        return message;
    }

    public ObjectProperty<Path> runDir() {
        return runDir;
    }

    /** Training loss of every step (task + aux). */
    public ObservableList<CurvePoint> loss() {
        return loss;
    }

    /** Load-balancing loss of every step. */
    public ObservableList<CurvePoint> auxLoss() {
        return auxLoss;
    }

    /** Mean training loss per epoch. */
    public ObservableList<CurvePoint> trainLoss() {
        return trainLoss;
    }

    /** Validation accuracy per epoch. */
    public ObservableList<CurvePoint> validationAccuracy() {
        return validationAccuracy;
    }

    /** Expert load per MoE layer of the last step: shares of tokens per expert. */
    public ObjectProperty<List<double[]>> expertLoad() {
        return expertLoad;
    }

    public IntegerProperty routingSnapshots() {
        return routingSnapshots;
    }

    public ObjectProperty<Path> lastRoutingHeader() {
        return lastRoutingHeader;
    }

    public DoubleProperty testAccuracy() {
        return testAccuracy;
    }

    @Override
    public String toString() {
        return name.get() + " (" + status.get() + ")";
    }
}
