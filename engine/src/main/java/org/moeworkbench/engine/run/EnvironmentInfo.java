package org.moeworkbench.engine.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The software and machine a run ran on.
 *
 * @param engineVersion the workbench version
 * @param nd4jVersion   ND4J / DL4J version the engine was built against
 * @param backend       ND4J backend class and native build
 * @param device        CPU or GPU, with what ND4J reports about it (cores, threads, BLAS)
 * @param java          Java runtime version and vendor
 * @param os            OS name, version and architecture
 * @param gitCommit     commit of the workbench sources, "+dirty" when the checkout had changes; "unknown"
 *                      when neither the build nor a checkout tells
 */
public record EnvironmentInfo(
        String engineVersion,
        String nd4jVersion,
        String backend,
        String device,
        String java,
        String os,
        String gitCommit) {

    private static final String BUILD_INFO = "/org/moeworkbench/engine/build-info.properties";

    /** The environment of this process. Initialises ND4J if it is not yet. */
    public static EnvironmentInfo current() {
        Properties build = buildInfo();
        String engine = build.getProperty("engine.version", "unknown");
        String nd4j = build.getProperty("nd4j.version", "unknown");
        String backend = Nd4j.getBackend().getClass().getSimpleName() + " ("
                + build.getProperty("nd4j.backend", "unknown") + ")";
        return new EnvironmentInfo(
                engine,
                nd4j,
                backend,
                describeDevice(),
                System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                gitCommit(build));
    }

    private static String describeDevice() {
        Map<String, Object> info = new TreeMap<>();
        try {
            Nd4j.getExecutioner().getEnvironmentInformation().forEach((k, v) -> info.put(String.valueOf(k), v));
        } catch (RuntimeException e) {
            info.put("error", e.getMessage());
        }
        boolean cpu = Nd4j.getEnvironment().isCPU();
        StringBuilder out = new StringBuilder(cpu ? "CPU" : "GPU");
        out.append(" (").append(Runtime.getRuntime().availableProcessors()).append(" cores available");
        for (String key : new String[] {"omp.threads", "blas.vendor", "cuda.deviceName"}) {
            if (info.containsKey(key)) {
                out.append(", ").append(key).append(' ').append(info.get(key));
            }
        }
        return out.append(')').toString();
    }

    private static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = EnvironmentInfo.class.getResourceAsStream(BUILD_INFO)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no build info: every field says "unknown"
        }
        return p;
    }

    private static String gitCommit(Properties build) {
        String fromBuild = build.getProperty("git.commit", "");
        if (!fromBuild.isBlank() && !fromBuild.startsWith("${")) {
            return fromBuild;
        }
        Path checkout = checkoutRoot();
        if (checkout == null) {
            return "unknown";
        }
        String head = git(checkout, "rev-parse", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown";
        }
        String changes = git(checkout, "status", "--porcelain", "--untracked-files=no");
        return head.strip() + (changes != null && !changes.isBlank() ? "+dirty" : "");
    }

    /** The git checkout the engine classes were loaded from, if any. */
    private static Path checkoutRoot() {
        try {
            Path code = Path.of(EnvironmentInfo.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path p = code.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p.resolve(".git"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String git(Path dir, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(false).start();
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
