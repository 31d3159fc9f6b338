package org.moeworkbench.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;

class SampleExportTest {
    @TempDir
    Path dir;

    @Test
    void exportedPngsAndTagsCsvReadBackAsTheSameImagesClassesAndTags() throws Exception {
        System.setProperty("moe.cacheDir", dir.resolve("cache").toString());
        try {
            Path out = dir.resolve("export");
            assertEquals(60, SampleExport.write(5, 60, 16, out));
            ImageDataset original = SampleSource.generate(5, 60, 16);
            DataConfig config =
                    new DataConfig(out.toString(), "auto", 16, 20_000, 7, 0, Task.TAGS, Sampling.UNIFORM, false);
            assertEquals("tagged-folder", Datasets.detect(out.toString()));
            ImageDataset back = Datasets.read(config, null);
            assertEquals(16, back.height());
            assertEquals(3, back.channels());
            for (int s = 0; s < 3; s++) {
                DatasetSplit a = original.splits().get(s);
                DatasetSplit b = back.splits().get(s);
                assertEquals(a.size(), b.size(), a.name());
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.image(i), b.image(i), a.name() + " image " + i);
                    assertEquals(
                            original.classNames().get(a.label(i)),
                            back.classNames().get(b.label(i)));
                    assertEquals(names(original.tagVocabulary(), a.tags(i)), names(back.tagVocabulary(), b.tags(i)));
                }
            }
        } finally {
            System.clearProperty("moe.cacheDir");
        }
    }

    private static List<String> names(List<String> vocabulary, int[] tags) {
        return Arrays.stream(tags).mapToObj(vocabulary::get).sorted().toList();
    }
}
