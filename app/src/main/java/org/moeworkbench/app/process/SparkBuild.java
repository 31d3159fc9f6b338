package org.moeworkbench.app.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the Spark build ({@code moe-spark.jar}, made by the spark module) is, for studies the app trains on a Spark
 * master. The app itself carries no Spark (the enforcer bans it: it would add 200 MB to every install); it starts the
 * Spark build as a child process instead.
 */
public final class SparkBuild {
    public static final String PROPERTY = "moe.sparkJar";
    public static final String ENV = "MOE_SPARK_JAR";
    public static final String MISSING = "no Spark build found: make it with ./mvnw -B install -DskipTests (it writes"
            + " spark/target/moe-spark.jar), then start the app from the project folder, or give its path with -D"
            + PROPERTY + "=PATH or $" + ENV;

    private SparkBuild() {}

    /**
     * The jar named by {@code -Dmoe.sparkJar} or {@code $MOE_SPARK_JAR}, else {@code spark/target/moe-spark.jar} in
     * or above the working directory (the app runs from the project folder or from {@code app/}); null if none.
     */
    public static Path find() {
        return find(System.getProperty(PROPERTY), System.getenv(), Path.of("").toAbsolutePath());
    }

    static Path find(String property, Map<String, String> env, Path workingDir) {
        List<Path> candidates = new ArrayList<>();
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
        } else if (env.get(ENV) != null && !env.get(ENV).isBlank()) {
            candidates.add(Path.of(env.get(ENV)));
        } else {
            for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
                candidates.add(dir.resolve("spark/target/moe-spark.jar"));
            }
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }
}
