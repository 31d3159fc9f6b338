package org.moeworkbench.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.data.Batch;

class DatasetTrainingDataTest {
    private static ExperimentConfig config() {
        ExperimentConfig base = ExperimentConfig.defaultSample();
        DataConfig data = new DataConfig("sample", "sample", 32, 200, 7, 0.1, Task.CLASSES, Sampling.UNIFORM, false);
        return new ExperimentConfig("t", 5, data, base.augment(), base.model(), base.moe(), base.training());
    }

    @Test
    void aResumedEpochSeesTheSameBatchesAsAnUninterruptedOne() {
        TrainingData data = DatasetTrainingData.open(config());
        List<Batch> whole = new ArrayList<>();
        data.trainBatches(5, 1, 16, 0).forEachRemaining(whole::add);
        assertEquals(data.stepsPerEpoch(16), whole.size());
        Iterator<Batch> rest = data.trainBatches(5, 1, 16, 3);
        for (int b = 3; b < whole.size(); b++) {
            Batch resumed = rest.next();
            assertEquals(whole.get(b).features(), resumed.features(), "batch " + b);
            assertEquals(whole.get(b).targets(), resumed.targets(), "batch " + b);
        }
        assertTrue(!rest.hasNext());
    }

    @Test
    void testImagesMatchTheEvaluationBatches() {
        TrainingData data = DatasetTrainingData.open(config());
        Batch first = data.evaluationBatches(TrainingData.Split.TEST, 8).next();
        Batch picked = data.testImages(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
        assertEquals(first.features(), picked.features());
        assertEquals(first.targets(), picked.targets());
        assertEquals(data.size(TrainingData.Split.TEST) > 0, true);
        assertEquals(picked.targets().getDouble(2, data.testLabel(2)), 1.0, 0);
    }
}
