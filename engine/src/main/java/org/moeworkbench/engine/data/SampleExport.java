package org.moeworkbench.engine.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the sample set as {@code images/NNNNN.png} plus {@code tags.csv} with columns
 * {@code path,tags,class,split} (tags space-separated), the layout the tagged-folder reader reads.
 */
public final class SampleExport {
    public static final String CSV = "tags.csv";

    private SampleExport() {}

    /** Returns the number of images written. */
    public static int write(long seed, int count, int size, Path dir) throws IOException {
        ImageDataset dataset = SampleSource.open(seed, count, size);
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        int digits = Math.max(5, Integer.toString(count).length());
        int written = 0;
        Path csv = dir.resolve(CSV);
        Path partial = dir.resolve(CSV + ".part");
        try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            w.write("path,tags,class,split\n");
            for (DatasetSplit split : dataset.splits()) {
                for (int i = 0; i < split.size(); i++) {
                    String name = String.format("%0" + digits + "d.png", written);
                    ImageCodec.writePng(
                            split.image(i), split.channels(), split.height(), split.width(), images.resolve(name));
                    List<String> tags = new ArrayList<>();
                    for (int t : split.tags(i)) {
                        tags.add(dataset.tagVocabulary().get(t));
                    }
                    String cls = split.label(i) >= 0 ? dataset.classNames().get(split.label(i)) : "";
                    w.write(String.join(
                            ",",
                            CsvLine.quote("images/" + name),
                            CsvLine.quote(String.join(" ", tags)),
                            CsvLine.quote(cls),
                            split.name()));
                    w.write('\n');
                    written++;
                }
            }
        }
        Files.move(partial, csv, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return written;
    }
}
