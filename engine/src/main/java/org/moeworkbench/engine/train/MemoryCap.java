package org.moeworkbench.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;

/**
 * An upper bound on the training process's resident memory (RSS: Java heap plus ND4J's native arrays, which
 * JavaCPP's own {@code maxphysicalbytes} does not see because libnd4j allocates them itself). The trainer checks it
 * after every step; past it, the run stops with a named error and a checkpoint instead of pushing the machine
 * into swap, as the native leak of ND4J's dispatch ops once did (24 GB by epoch 4 of the Fashion-MNIST demo).
 *
 * <p>The cap is {@code -Dmoe.maxRss=SIZE} or the environment variable {@code MOE_MAX_RSS} (bytes, or with a
 * k / m / g suffix), else 3/4 of the machine's physical memory. The CLI, the app and the installed launchers all
 * train through {@link Trainer}, so all of them are capped.
 *
 * @param limitBytes the cap
 * @param source     where the cap came from, for the message ("-Dmoe.maxRss", "MOE_MAX_RSS", "3/4 of RAM")
 * @param rssBytes   reads the process's resident memory now
 */
public record MemoryCap(long limitBytes, String source, LongSupplier rssBytes) {
    public static final String PROPERTY = "moe.maxRss";
    public static final String ENVIRONMENT = "MOE_MAX_RSS";
    /** What a user can do about it, for every message that reports the cap. */
    public static final String REMEDY = "Lower training.batchSize or the model size, or raise the cap (-D" + PROPERTY
            + "=SIZE or " + ENVIRONMENT + ")";

    public MemoryCap {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException(
                    source + " = " + limitBytes + " bytes: expected a positive size such as" + " 6g");
        }
    }

    /** The cap this process was started with (see the class comment). */
    public static MemoryCap fromEnvironment() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return new MemoryCap(parseSize(property, "-D" + PROPERTY), "-D" + PROPERTY, Pointer::physicalBytes);
        }
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isBlank()) {
            return new MemoryCap(parseSize(environment, ENVIRONMENT), ENVIRONMENT, Pointer::physicalBytes);
        }
        return new MemoryCap(physicalMemoryBytes() / 4 * 3, "3/4 of physical memory", Pointer::physicalBytes);
    }

    /** The resident memory now, if it is above the cap; else -1. */
    public long exceededBy() {
        long rss = rssBytes.getAsLong();
        return rss > limitBytes ? rss : -1;
    }

    /** What the trainer says when the cap is passed. */
    public String message(long rss) {
        return String.format(
                Locale.ROOT,
                "memory cap exceeded: the process uses %s resident, over the cap of %s (%s)",
                gigabytes(rss),
                gigabytes(limitBytes),
                source);
    }

    /**
     * A training failure as the user reads it: a full Java heap names the heap size and how to raise it (the
     * launchers fix the heap, see {@link TrainingHeap}); anything else is the error itself.
     */
    public static String describeFailure(Throwable e) {
        if (e instanceof OutOfMemoryError && String.valueOf(e.getMessage()).contains("Java heap")) {
            return e + ": the Java heap of " + gigabytes(Runtime.getRuntime().maxMemory())
                    + " is too small for this run; start it with a larger one (" + TrainingHeap.REMEDY + ")";
        }
        return e.toString();
    }

    public static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / (double) (1L << 30));
    }

    /** "6g", "512m", "2048k" or plain bytes. */
    static long parseSize(String text, String origin) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g' || last == 't') {
            unit = switch (last) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                default -> 1L << 40;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            double value = Double.parseDouble(t);
            if (!(value > 0) || value * unit > Long.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (long) (value * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(origin + " = \"" + text + "\": expected a positive size such as 6g, "
                    + "4096m or a number of bytes");
        }
    }

    private static long physicalMemoryBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 16L << 30;
    }
}
