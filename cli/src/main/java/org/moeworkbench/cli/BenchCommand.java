package org.moeworkbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.model.OpTimingListener;
import org.moeworkbench.engine.model.ReferenceBenchmark;
import org.moeworkbench.engine.model.ReferenceBenchmark.BenchConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code moe bench}: training images/s of the reference model configs, the twin of
 * {@code shared/bench/reference_model.py}.
 *
 * <p>Memory: the training step reuses its arrays ({@code ArrayPool} in the model package), so ND4J's own
 * array cache (the {@code org.nd4j.autodiff.samediff} property of the field notes) is not used. The command
 * caps JavaCPP's off-heap memory ({@code org.bytedeco.javacpp.maxbytes=2g}, {@code maxphysicalbytes=3g}) unless
 * they are set already; these take effect because nothing has loaded ND4J before the command runs. The heap
 * size is a launcher flag: {@code java -Xmx1g -jar cli/target/moe.jar bench}. Threads: {@code OMP_NUM_THREADS}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Train the benchmark reference model convnext-atto-32 (reference-moe E=8 k=2 Last 2, "
                + "reference-dense, e2-k1, e16-k1; batch 128, AdamW lr 1e-3 wd 0.05) on seeded random data for a "
                + "fixed number of steps and print images/s per config.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--json",
            description =
                    "Print a JSON object {configs: [{name, imagesPerSecond, stepSeconds, " + "params, paramsActive}]}.")
    boolean json;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps per config (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--warmup",
            defaultValue = "3",
            description = "Untimed steps first, at least (default: " + "${DEFAULT-VALUE}).")
    int warmup;

    @Option(
            names = "--settle",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "After --warmup steps, keep warming up until the JVM's JIT compiler is quiet (the last 3 "
                    + "steps compiling under 5% of their time; at most 30 more steps), so the timed steps measure steady "
                    + "state (default: on; --no-settle times right after --warmup steps).")
    boolean settle;

    @Option(names = "--profile", description = "Also print the time per ND4J op type over the timed steps.")
    boolean profile;

    @Option(
            names = "--batch",
            defaultValue = "128",
            description = "Batch size (default: ${DEFAULT-VALUE}, the "
                    + "reference; the learning check uses a smaller one to stay short).")
    int batch;

    @Option(
            names = "--data",
            paramLabel = "PREFIX",
            description = "Train on PREFIX.images.f32 (float32 little-endian "
                    + "[n, 3, 32, 32]) and PREFIX.labels.i32 (int32 little-endian [n], 0-9), in order, instead of random data "
                    + "(the learning check: docs/bench.md).")
    Path data;

    @Option(
            names = "--losses",
            paramLabel = "FILE",
            description = "Write the loss of every step as CSV " + "(config,step,loss).")
    Path losses;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Parameters(
            paramLabel = "CONFIG",
            arity = "0..*",
            description = "Configs to run (default: all): reference-moe, reference-dense, e2-k1, e16-k1.")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (steps < 1 || warmup < 0) {
            err.println(
                    "moe bench: --steps must be at least 1 and --warmup 0 or more (got " + steps + ", " + warmup + ")");
            return 2;
        }
        List<BenchConfig> chosen = new ArrayList<>();
        for (String name : names) {
            BenchConfig config = ReferenceBenchmark.CONFIGS.stream()
                    .filter(c -> c.name().equals(name))
                    .findFirst()
                    .orElse(null);
            if (config == null) {
                err.println("moe bench: unknown config \"" + name + "\"; expected some of "
                        + ReferenceBenchmark.CONFIGS.stream()
                                .map(BenchConfig::name)
                                .toList());
                return 2;
            }
            chosen.add(config);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(ReferenceBenchmark.CONFIGS);
        }
        if (batch < 1) {
            err.println("moe bench: --batch must be at least 1 (got " + batch + ")");
            return 2;
        }
        applyMemoryRecipe();
        List<INDArray[]> batches;
        try {
            batches = data == null ? ReferenceBenchmark.randomBatches(batch) : readData(data, batch);
        } catch (IOException | IllegalArgumentException e) {
            err.println("moe bench: cannot use --data " + data + ": " + e.getMessage());
            return 2;
        }
        StringBuilder lossLines = new StringBuilder("config,step,loss\n");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BenchConfig config : chosen) {
            ReferenceBenchmark.Result r = ReferenceBenchmark.run(
                    config,
                    batches,
                    settle
                            ? ReferenceBenchmark.WarmupPolicy.settling(warmup)
                            : ReferenceBenchmark.WarmupPolicy.fixed(warmup),
                    steps,
                    profile,
                    line -> {
                        if (!quiet) {
                            err.println(line);
                            err.flush();
                        }
                    });
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", r.name());
            row.put("imagesPerSecond", r.imagesPerSecond());
            row.put("stepSeconds", r.stepSeconds());
            row.put("params", r.params());
            row.put("paramsActive", r.paramsActive());
            row.put("cpuSecondsPerStep", r.cpuSecondsPerStep());
            row.put("warmupSteps", r.warmupSteps());
            row.put("jitSecondsTimed", r.jitSecondsTimed());
            row.put("firstLoss", r.losses()[0]);
            row.put("lastLoss", r.losses()[r.losses().length - 1]);
            if (profile) {
                List<Map<String, Object>> ops = new ArrayList<>();
                for (OpTimingListener.OpTime t : r.profile()) {
                    ops.add(Map.of("op", t.op(), "calls", t.calls() / steps, "secondsPerStep", t.seconds() / steps));
                }
                row.put("profile", ops);
            }
            rows.add(row);
            for (int i = 0; i < r.losses().length; i++) {
                lossLines
                        .append(r.name())
                        .append(',')
                        .append(i + 1)
                        .append(',')
                        .append(r.losses()[i])
                        .append('\n');
            }
            if (losses != null) { // after every config, so a long run keeps what it measured
                try {
                    Files.writeString(losses, lossLines);
                } catch (IOException e) {
                    err.println("moe bench: cannot write --losses " + losses + ": " + e.getMessage());
                    return 1;
                }
            }
            if (!json) {
                out.printf(
                        "%-16s %8.1f img/s  step %.3f s (cpu %.3f s)  params %,d  active %,d  loss %.3f -> %.3f"
                                + "  (after %d warm-up steps; JIT %.2f s in the timed ones)%n",
                        r.name(),
                        r.imagesPerSecond(),
                        r.stepSeconds(),
                        r.cpuSecondsPerStep(),
                        r.params(),
                        r.paramsActive(),
                        r.losses()[0],
                        r.losses()[r.losses().length - 1],
                        r.warmupSteps(),
                        r.jitSecondsTimed());
                if (profile) {
                    r.profile().stream()
                            .limit(15)
                            .forEach(t -> out.printf(
                                    "    %-34s %5d calls %8.4f s/step%n",
                                    t.op(), t.calls() / steps, t.seconds() / steps));
                }
                out.flush();
            }
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", ReferenceBenchmark.MODEL);
            o.put("batch", batch);
            o.put("data", data == null ? "random" : data.toString());
            o.put("steps", steps);
            o.put("warmup", warmup);
            o.put("settle", settle);
            o.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "(ND4J default)"));
            o.put("configs", rows);
            out.println(CliJson.write(o));
            out.flush();
        }
        return 0;
    }

    /** The learning check's data: PREFIX.images.f32 and PREFIX.labels.i32, little-endian. */
    private static List<INDArray[]> readData(Path prefix, int batchSize) throws IOException {
        Path imageFile = Path.of(prefix + ".images.f32");
        Path labelFile = Path.of(prefix + ".labels.i32");
        ByteBuffer imageBytes = ByteBuffer.wrap(Files.readAllBytes(imageFile)).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer labelBytes = ByteBuffer.wrap(Files.readAllBytes(labelFile)).order(ByteOrder.LITTLE_ENDIAN);
        float[] images = new float[imageBytes.remaining() / Float.BYTES];
        imageBytes.asFloatBuffer().get(images);
        int[] labels = new int[labelBytes.remaining() / Integer.BYTES];
        labelBytes.asIntBuffer().get(labels);
        return ReferenceBenchmark.batchesOf(images, labels, batchSize);
    }

    private static void applyMemoryRecipe() {
        setIfAbsent("org.bytedeco.javacpp.maxbytes", "2g");
        setIfAbsent("org.bytedeco.javacpp.maxphysicalbytes", "3g");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
