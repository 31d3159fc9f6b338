package org.moeworkbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.data.DatasetException;
import org.moeworkbench.engine.data.DatasetSummary;
import org.moeworkbench.engine.data.Datasets;
import org.moeworkbench.engine.data.ImageDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code moe data describe SOURCE}: counts per split, image shape, classes, tags, top tags and the content hash. */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = "Print counts per split, image shape, classes, tag vocabulary, the ten most frequent tags "
                + "and the SHA-256 content hash of a dataset.")
public final class DataDescribeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            defaultValue = "sample",
            paramLabel = "SOURCE",
            description = "\"sample\" (the generated set, default) or a dataset file or folder.")
    String source;

    @Option(
            names = "--format",
            defaultValue = "auto",
            description =
                    "auto, sample, idx, cifar10, cifar100, tagged-folder or class-folder (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--json", description = "Print a JSON object instead of text.")
    boolean json;

    @Option(
            names = "--image-size",
            description = "Resize / centre-crop to this size (default: the source's own; "
                    + "sample: 32; folders: the first image's).")
    Integer imageSize;

    @Option(
            names = "--images",
            defaultValue = "20000",
            description = "Sample set: number of images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Sample set: generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--validation-fraction",
            defaultValue = "0",
            description =
                    "Hold this share of train out as validation when the source has none (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--skip-bad-records", description = "Skip records that do not read (and report how many).")
    boolean skipBadRecords;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            DataConfig config = new DataConfig(
                    source,
                    format,
                    imageSize == null ? 32 : imageSize,
                    images,
                    seed,
                    validationFraction,
                    Task.CLASSES,
                    Sampling.UNIFORM,
                    skipBadRecords);
            String resolved = format.equals("auto") ? Datasets.detect(source) : format;
            ImageDataset dataset = Datasets.read(config, imageSize);
            if (imageSize != null) {
                dataset = Datasets.resize(dataset, imageSize);
            }
            dataset = Datasets.holdOutValidation(dataset, validationFraction);
            DatasetSummary summary = DatasetSummary.of(dataset, resolved, 10);
            if (json) {
                ObjectMapper mapper = new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
                out.println(mapper.writeValueAsString(summary.toJsonMap()));
            } else {
                out.print(summary.toText());
            }
            out.flush();
            return 0;
        } catch (DatasetException | InvalidConfigException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
