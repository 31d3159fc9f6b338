package org.moeworkbench.engine.hardmoe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Pooling;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.model.NetworkBuilder;
import org.moeworkbench.engine.model.OptimizerSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SharedDecoderTest {
    static final ModelConfig TINY = new ModelConfig(
            "custom", Family.CONVNEXT_ISOTROPIC, List.of(1), List.of(8), 4, 0, 2.0, 3, Pooling.MEAN, 1e-6);

    static Network tiny(long seed) {
        return NetworkBuilder.build(TINY, MoeConfig.dense(), 5, 1, 8, seed, OptimizerSettings.adamW(0));
    }

    static INDArray images(long seed) {
        return Nd4j.rand(DataType.FLOAT, 6, 1, 8, 8).addi(Nd4j.scalar(DataType.FLOAT, seed % 3));
    }

    static INDArray targets(int tag) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, 6, 5);
        y.getColumn(tag).assign(1);
        return y;
    }

    @Test
    void theSharedHeadReceivesGradientFromEveryExpertsData() {
        Network a = tiny(1);
        Network b = tiny(2);
        b.copyWeightsFrom(a);
        Map<String, INDArray> start = a.headState();
        SharedDecoderTraining shared = new SharedDecoderTraining(start);
        INDArray w0 = start.get("head_w").dup();

        shared.step(a, images(1), targets(0), 1e-2);
        INDArray afterA = shared.head().get("head_w").dup();
        assertNotEquals(w0, afterA, "expert A's batch moved the shared head");

        // B starts its step from the head A just updated, and its own batch moves it further
        shared.step(b, images(2), targets(3), 1e-2);
        INDArray afterB = shared.head().get("head_w").dup();
        assertNotEquals(afterA, afterB, "expert B's batch moved the shared head");
        assertEquals(afterB, b.headState().get("head_w"));

        // the update B applied is the one of a head that already had A's update: replaying B's step from the
        // original head gives another result
        SharedDecoderTraining fresh = new SharedDecoderTraining(
                Map.of("head_w", w0, "head_b", start.get("head_b").dup()));
        Network b3 = tiny(2);
        b3.copyWeightsFrom(tiny(1));
        fresh.step(b3, images(2), targets(3), 1e-2);
        assertNotEquals(afterB, fresh.head().get("head_w"));

        // the Adam state of the head is shared too: it travels with the head
        assertTrue(
                shared.head().keySet().stream().anyMatch(k -> k.startsWith("head_w#")),
                shared.head().keySet().toString());
    }

    @Test
    void everyExpertEvaluatesWithTheSameHead() {
        Network a = tiny(1);
        Network b = tiny(2);
        SharedDecoderTraining shared = new SharedDecoderTraining(a.headState());
        for (int i = 0; i < 3; i++) {
            shared.step(a, images(i), targets(i % 5), 1e-2);
            shared.step(b, images(i + 7), targets((i + 2) % 5), 1e-2);
        }
        a.setHeadState(shared.head());
        b.setHeadState(shared.head());
        assertEquals(a.headState().get("head_w"), b.headState().get("head_w"));
        assertEquals(a.headState().get("head_b"), b.headState().get("head_b"));
    }
}
