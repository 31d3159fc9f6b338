package org.moeworkbench.app.study;

import java.util.prefs.Preferences;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Where the app trains: this machine, or a Spark master. One choice for the designer's Train and the study form (so
 * they never disagree), remembered between sessions.
 */
public final class RunTarget {
    static final String ON_SPARK = "runOnSpark";
    static final String MASTER = "sparkMaster";
    /** The master a first Spark run proposes: two executor threads in one local JVM, no cluster needed. */
    public static final String DEFAULT_MASTER = "local[2]";

    private final BooleanProperty onSpark = new SimpleBooleanProperty(false);
    private final StringProperty master = new SimpleStringProperty(DEFAULT_MASTER);

    /** A target that starts on this machine and is not remembered (tests). */
    public RunTarget() {}

    /** The remembered target, written back to {@code preferences} on every change. */
    public static RunTarget remembered(Preferences preferences) {
        RunTarget target = new RunTarget();
        target.onSpark.set(preferences.getBoolean(ON_SPARK, false));
        target.master.set(preferences.get(MASTER, DEFAULT_MASTER));
        target.onSpark.addListener((obs, old, now) -> preferences.putBoolean(ON_SPARK, now));
        target.master.addListener((obs, old, now) -> preferences.put(MASTER, now == null ? "" : now.strip()));
        return target;
    }

    public BooleanProperty onSpark() {
        return onSpark;
    }

    public StringProperty master() {
        return master;
    }

    /** The Spark master to train on, or null for this machine. */
    public String sparkMaster() {
        return onSpark.get() ? master.get() : null;
    }

    /** Why the choice cannot be used as it stands (empty: it can). */
    public String problem() {
        if (!onSpark.get()) {
            return "";
        }
        String url = master.get() == null ? "" : master.get().strip();
        if (url.isEmpty()) {
            return "give the Spark master URL (local[2] for two threads here, spark://host:7077 for a cluster)";
        }
        if (!url.matches("local(\\[[0-9*]+(,[0-9]+)?\\])?|(spark|k8s|mesos)://\\S+|yarn")) {
            return "\"" + url + "\" is not a Spark master URL: local[2], spark://host:7077, yarn or k8s://host:port";
        }
        return "";
    }
}
