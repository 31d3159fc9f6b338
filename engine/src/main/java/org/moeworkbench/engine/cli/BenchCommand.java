package org.moeworkbench.engine.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.model.OpTimingListener;
import org.moeworkbench.engine.model.ReferenceBenchmark;
import org.moeworkbench.engine.model.ReferenceBenchmark.BenchConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code moe bench}: training images/s of the reference model configs, the twin of
 * {@code shared/bench/reference_model.py}.
 *
 * <p>Memory recipe (field notes): the command turns SameDiff's array cache off
 * ({@code -Dorg.nd4j.autodiff.samediff=false}, the property name of ND4J's
 * {@code ND4JSystemProperties.SAMEDIFF_MEMORY_CACHE_DISABLE}) and caps JavaCPP's off-heap memory
 * ({@code org.bytedeco.javacpp.maxbytes=2g}, {@code maxphysicalbytes=3g}) unless they are set already. These
 * take effect because nothing has loaded ND4J before the command runs; the heap size is a launcher flag:
 * {@code java -Xmx1g -jar moe-engine.jar bench}. Threads: {@code OMP_NUM_THREADS}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Train the benchmark reference model convnext-atto-32 (reference-moe E=8 k=2 Last 2, "
                + "reference-dense, e2-k1, e16-k1; batch 128, AdamW lr 1e-3 wd 0.05) on seeded random data for a "
                + "fixed number of steps and print images/s per config.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON object {configs: [{name, imagesPerSecond, stepSeconds, "
            + "params, paramsActive}]}.")
    boolean json;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps per config (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--profile", description = "Also print the time per ND4J op type over the timed steps.")
    boolean profile;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Parameters(paramLabel = "CONFIG", arity = "0..*",
            description = "Configs to run (default: all): reference-moe, reference-dense, e2-k1, e16-k1.")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (steps < 1 || warmup < 0) {
            err.println("moe bench: --steps must be at least 1 and --warmup 0 or more (got " + steps + ", " + warmup + ")");
            return 2;
        }
        List<BenchConfig> chosen = new ArrayList<>();
        for (String name : names) {
            BenchConfig config = ReferenceBenchmark.CONFIGS.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElse(null);
            if (config == null) {
                err.println("moe bench: unknown config \"" + name + "\"; expected some of "
                        + ReferenceBenchmark.CONFIGS.stream().map(BenchConfig::name).toList());
                return 2;
            }
            chosen.add(config);
        }
        if (chosen.isEmpty()) {
            chosen.addAll(ReferenceBenchmark.CONFIGS);
        }
        applyMemoryRecipe();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BenchConfig config : chosen) {
            ReferenceBenchmark.Result r = ReferenceBenchmark.run(config, warmup, steps, profile, line -> {
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
            if (!json) {
                out.printf("%-16s %8.1f img/s  step %.3f s  params %,d  active %,d  loss %.3f -> %.3f%n", r.name(),
                        r.imagesPerSecond(), r.stepSeconds(), r.params(), r.paramsActive(), r.losses()[0],
                        r.losses()[r.losses().length - 1]);
                if (profile) {
                    r.profile().stream().limit(15).forEach(t -> out.printf("    %-34s %5d calls %8.4f s/step%n", t.op(),
                            t.calls() / steps, t.seconds() / steps));
                }
                out.flush();
            }
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", ReferenceBenchmark.MODEL);
            o.put("batch", ReferenceBenchmark.BATCH);
            o.put("steps", steps);
            o.put("warmup", warmup);
            o.put("threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "(ND4J default)"));
            o.put("configs", rows);
            out.println(CliJson.write(o));
            out.flush();
        }
        return 0;
    }

    private static void applyMemoryRecipe() {
        setIfAbsent("org.nd4j.autodiff.samediff", "false"); // SameDiff array cache off: less memory, as fast
        setIfAbsent("org.bytedeco.javacpp.maxbytes", "2g");
        setIfAbsent("org.bytedeco.javacpp.maxphysicalbytes", "3g");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
