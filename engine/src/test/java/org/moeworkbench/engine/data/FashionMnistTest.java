package org.moeworkbench.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;

/** The real Fashion-MNIST from Debian's dataset-fashion-mnist package (skipped where it is absent). */
class FashionMnistTest {
    static final Path FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void readsSixtyThousandTrainAndTenThousandTestImagesOfTenBalancedClasses() {
        assumeTrue(
                Files.isRegularFile(FOLDER.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed in " + FOLDER + ": run `sudo apt-get install dataset-fashion-mnist`");
        ImageDataset ds = Datasets.read(
                new DataConfig(FOLDER.toString(), "auto", 32, 20_000, 7, 0, Task.CLASSES, Sampling.UNIFORM, false),
                null);
        assertEquals(60_000, ds.train().size());
        assertEquals(10_000, ds.test().size());
        assertEquals(1, ds.channels());
        assertEquals(28, ds.height());
        assertEquals(28, ds.width());
        assertEquals("T-shirt/top", ds.classNames().get(0));
        assertEquals(10, ds.classNames().size());
        int[] train = new int[10];
        int[] test = new int[10];
        for (int i = 0; i < ds.train().size(); i++) {
            train[ds.train().label(i)]++;
        }
        for (int i = 0; i < ds.test().size(); i++) {
            test[ds.test().label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6_000, train[c], "train images of class " + c);
            assertEquals(1_000, test[c], "test images of class " + c);
        }
        assertEquals(0, ds.skippedRecords());
    }
}
