package org.moeworkbench.cli;

import java.util.List;
import org.moeworkbench.plots.RunFigures;
import picocli.CommandLine.Option;

/** The image-grid options of {@code moe figures} and {@code moe export}, which draw the same run figures. */
final class ImageGridOptions {
    @Option(names = "--no-images", description = "Skip the image grids (they open each run's dataset).")
    boolean noImages;

    @Option(
            names = "--per-row",
            defaultValue = "12",
            description = "Images per row of the image grids (default: ${DEFAULT-VALUE}).")
    int perRow;

    /** The run figures these options ask for; {@code tags} for the hard-MoE tag histogram (empty: the top 4). */
    RunFigures runFigures(List<String> tags) {
        return new RunFigures(new RunFigures.Options(!noImages, perRow, tags));
    }
}
