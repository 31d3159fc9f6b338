package org.moeworkbench.app.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.app.TinyConfigs;
import org.moeworkbench.app.common.BackgroundTasks;
import org.moeworkbench.app.queue.QueueDriver;
import org.moeworkbench.app.queue.RunJob;
import org.moeworkbench.engine.config.ExperimentConfig;

/** The live routing view's loading code, run on the test thread: no screen, no sleeps. */
class LiveRoutingModelTest {
    @TempDir
    Path runs;

    @Test
    void followsTheSelectedRunAndReadsItsNewestSnapshot() throws Exception {
        SimpleObjectProperty<RunJob> selected = new SimpleObjectProperty<>();
        LiveRoutingModel model = new LiveRoutingModel(BackgroundTasks.currentThread(), selected);
        assertEquals("No routing snapshot yet.", model.snapshot().get());
        assertNull(model.job().get());

        try (QueueDriver driver = new QueueDriver(runs)) {
            ExperimentConfig moe = TinyConfigs.tiny("live-moe", 1);
            RunJob sparse = driver.submit(moe);
            RunJob dense = driver.submit(TinyConfigs.tinyDense("live-dense", 1));
            driver.awaitFinished(2);

            selected.set(sparse);
            assertEquals(sparse, model.job().get());
            assertNotNull(model.figures().get(), model.snapshot().get());
            assertTrue(
                    model.snapshot().get().startsWith("Routing snapshot final (after epoch 1, "),
                    model.snapshot().get());
            assertEquals(2, model.figures().get().layers(), "both MoE layers of last2");

            selected.set(dense);
            assertNull(model.figures().get(), "the sparse run's figures are not shown for another run");
            assertEquals("A dense model has no routing.", model.snapshot().get());
        }
    }
}
