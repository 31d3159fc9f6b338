package org.moeworkbench.engine.launch;

import java.util.ServiceLoader;
import org.moeworkbench.engine.hardmoe.ExpertFarm;
import org.moeworkbench.engine.study.RunFarm;

/**
 * A distributed engine the workbench hands work to: whole runs of a study ({@link RunFarm}) and the experts of a hard
 * MoE ({@link ExpertFarm}). The engine has none; the spark module provides one, found with {@link ServiceLoader}, so
 * the CLI and the app need no distributed engine on their class path unless the user runs the Spark build.
 */
public interface Farm extends RunFarm, ExpertFarm {

    /** Makes a farm for a master URL; registered in META-INF/services. */
    interface Provider {
        /** A farm on {@code master} (e.g. {@code local[2]}, {@code spark://host:7077}; empty: what spark-submit set). */
        Farm open(String master, String applicationName);
    }

    /**
     * Opens a farm on {@code master} with the provider on the class path.
     *
     * @throws IllegalStateException naming what to run instead, when there is none
     */
    static Farm open(String master, String applicationName) {
        return ServiceLoader.load(Provider.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "this moe has no Spark support on its class path; run the Spark build instead:"
                                + " java -jar spark/target/moe-spark.jar ... (or spark-submit"
                                + " spark/target/moe-spark-submit.jar ...), see the README section"
                                + " \"Studies on a Spark cluster\""))
                .open(master, applicationName);
    }
}
