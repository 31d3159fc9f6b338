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
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.moe.CollapseWatch;
import org.moeworkbench.engine.moe.RoutingHealth;
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

    private final RunSpec spec;
    private final CancellationToken cancel;
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
    private final ObjectProperty<List<RoutingHealth>> health = new SimpleObjectProperty<>(List.of());
    private final ObservableList<CollapseWatch.Alarm> alarms = FXCollections.observableArrayList();
    /** Counts routing snapshots written so far; the live routing views reload when it changes. */
    private final IntegerProperty routingSnapshots = new SimpleIntegerProperty(0);

    private final ObjectProperty<Path> lastRoutingHeader = new SimpleObjectProperty<>();
    private final DoubleProperty testAccuracy = new SimpleDoubleProperty(Double.NaN);

    /** A training of {@code spec}: one run (a hard MoE of one K, see {@link RunSpec#perRun}). */
    public RunJob(RunSpec spec) {
        this(spec, new CancellationToken(), null);
    }

    private RunJob(RunSpec spec, CancellationToken cancel, StudyRequest study) {
        this.spec = spec;
        this.cancel = cancel;
        this.study = study;
        where.set(study == null ? "this machine" : study.where());
        name.set(
                spec.kind() == RunKind.HARD_MOE
                        ? spec.name() + " (hard MoE, K=" + ((HardMoeConfig) spec).k() + ")"
                        : spec.name());
    }

    /** The study this job is one task of, or null. */
    private final StudyRequest study;

    private final StringProperty where = new SimpleStringProperty();

    /**
     * One task (setting and seed) of a study: it shares the study's cancellation (cancelling one task cancels the
     * study, which trains as one process or one Spark job) and is followed through the study folder.
     */
    static RunJob studyTask(RunSpec spec, String name, StudyRequest study, CancellationToken studyCancel) {
        RunJob job = new RunJob(spec, studyCancel, study);
        job.name.set(name);
        job.message.set(study.onSpark() ? "queued on the cluster" : "waiting for its turn in the study");
        return job;
    }

    /** The study this job belongs to, or null for a single training. */
    public StudyRequest study() {
        return study;
    }

    /** Where it trains: this machine, or the Spark master (and the attempt). */
    public StringProperty where() {
        return where;
    }

    /** Who writes an attached run (the text of its writer.lock), or null for a job this window started. */
    private String attachedHolder;

    /** A running training this window did not start (an earlier window, or a terminal), followed through its files. */
    static RunJob attached(RunSpec spec, Path runDir, String holder) {
        RunJob job = new RunJob(spec);
        job.attachedHolder = holder;
        job.runDir.set(runDir);
        job.status.set(Status.RUNNING);
        job.message.set("attached: running in " + holder);
        return job;
    }

    public String attachedHolder() {
        return attachedHolder;
    }

    /** What this job trains. */
    public RunSpec spec() {
        return spec;
    }

    public RunKind kind() {
        return spec.kind();
    }

    /** The network trained first: the experiment itself, or a hard MoE's trunk (a dense network). */
    public ExperimentConfig config() {
        return spec.backbone();
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

    /** Routing health per MoE layer of the last step (empty for a dense run or before the first step). */
    public ObjectProperty<List<RoutingHealth>> health() {
        return health;
    }

    /** The health alarms the training raised so far (collapse, dead expert). */
    public ObservableList<CollapseWatch.Alarm> alarms() {
        return alarms;
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
