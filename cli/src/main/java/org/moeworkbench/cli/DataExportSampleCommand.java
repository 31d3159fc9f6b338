package org.moeworkbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.data.SampleExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code moe data export-sample --out DIR}: the sample set as PNG files plus a tags CSV. */
@Command(
        name = "export-sample",
        mixinStandardHelpOptions = true,
        description = "Write the generated sample set as PNG files plus tags.csv (path,tags,class,split), "
                + "which `moe data describe DIR` and the tagged-folder reader read back.")
public final class DataExportSampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Folder to write (created if absent).")
    Path out;

    @Option(names = "--images", defaultValue = "20000", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--image-size",
            defaultValue = "32",
            description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--force", description = "Overwrite an earlier export in the same folder.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (images < 10 || imageSize < 8) {
            spec.commandLine()
                    .getErr()
                    .println("error: --images " + images + " --image-size " + imageSize
                            + ": expected at least 10 images of at least 8 pixels");
            return 2;
        }
        if (Files.exists(out.resolve(SampleExport.CSV)) && !force) {
            spec.commandLine()
                    .getErr()
                    .println("error: " + out.resolve(SampleExport.CSV)
                            + " exists: expected an empty folder (or --force to overwrite the earlier export)");
            return 2;
        }
        long start = System.nanoTime();
        int written = SampleExport.write(seed, images, imageSize, out);
        spec.commandLine()
                .getOut()
                .printf(
                        "wrote %,d PNG images and %s to %s in %.1f s%n",
                        written, SampleExport.CSV, out, (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
