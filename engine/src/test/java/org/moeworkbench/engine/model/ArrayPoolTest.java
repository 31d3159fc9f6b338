package org.moeworkbench.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.config.MoeConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ArrayPoolTest {
    private static final int SIZE = 16;

    @Test
    void aReleasedArrayServesTheNextRequestOfItsTypeAndShapeOnly() {
        ArrayPool pool = new ArrayPool(1 << 20, false);
        INDArray a = pool.allocate(false, DataType.FLOAT, 4, 5);
        pool.release(a);
        assertNotSame(a, pool.allocate(false, DataType.FLOAT, 5, 4), "another shape");
        assertNotSame(a, pool.allocate(false, DataType.DOUBLE, 4, 5), "another type");
        long id = a.getId();
        INDArray again = pool.allocate(false, DataType.FLOAT, 4, 5);
        assertSame(a, again);
        assertTrue(again.getId() != id, "a reused array gets a new id: the session tracks arrays by id");
    }

    @Test
    void viewsAndArraysOverBudgetAreNotKept() {
        ArrayPool pool = new ArrayPool(100 * Float.BYTES, false);
        INDArray base = Nd4j.create(DataType.FLOAT, 10, 10);
        INDArray view = base.getRow(0);
        pool.release(view);
        assertFalse(base.wasClosed(), "releasing a view leaves its base alone");
        assertNotSame(view, pool.allocate(false, DataType.FLOAT, 10));

        INDArray big = pool.allocate(false, DataType.FLOAT, 101);
        pool.release(big);
        assertTrue(big.wasClosed(), "over the budget the array is freed, not kept");
    }

    @Test
    void reclaimAllTakesBackWhatWasHandedOutAndNeverReleased() {
        ArrayPool pool = new ArrayPool(1 << 20, true);
        INDArray a = pool.allocate(false, DataType.FLOAT, 3, 3);
        INDArray b = pool.allocate(false, DataType.FLOAT, 3, 3);
        pool.release(a);
        pool.reclaimAll();
        INDArray c = pool.allocate(false, DataType.FLOAT, 3, 3);
        INDArray d = pool.allocate(false, DataType.FLOAT, 3, 3);
        assertTrue((c == a && d == b) || (c == b && d == a), "both arrays come back, each once");
        assertThrows(IllegalStateException.class, () -> new ArrayPool(1, false).reclaimAll());
    }

    @Test
    void reclaimDropsShapesNotRequestedSinceTheLastReclaim() {
        ArrayPool pool = new ArrayPool(1 << 20, true);
        INDArray everyStep = pool.allocate(false, DataType.FLOAT, 3, 3);
        INDArray onceOnly = pool.allocate(false, DataType.FLOAT, 7); // like an expert's token count in one step
        pool.reclaimAll();
        assertFalse(onceOnly.wasClosed(), "requested in the step just ended: kept");
        assertSame(everyStep, pool.allocate(false, DataType.FLOAT, 3, 3));
        pool.reclaimAll();
        assertTrue(onceOnly.wasClosed(), "not requested in the last step: freed");
        assertFalse(everyStep.wasClosed());
        assertSame(everyStep, pool.allocate(false, DataType.FLOAT, 3, 3));
    }

    @Test
    void aPoolThatIsNotReclaimedDropsShapesNotRequestedForAWindowAndKeepsTheOnesInUse() {
        ArrayPool pool = new ArrayPool(1 << 20, false);
        INDArray once = pool.allocate(false, DataType.FLOAT, 7, 7); // e.g. one expert's token count of one snapshot
        pool.release(once);
        INDArray inUse = null;
        for (int i = 0; i < 2 * ArrayPool.STALE_WINDOW_REQUESTS; i++) {
            inUse = pool.allocate(false, DataType.FLOAT, 2, 3);
            pool.release(inUse);
        }
        assertTrue(once.wasClosed(), "a shape not requested for a whole window is freed");
        assertEquals(6L * Float.BYTES, pool.pooledBytes());
        assertSame(inUse, pool.allocate(false, DataType.FLOAT, 2, 3), "the shape in use is still served from the pool");
    }

    @Test
    void overTheBudgetTheLeastRecentlyUsedShapeGoesFirst() {
        ArrayPool pool = new ArrayPool(100 * Float.BYTES, false);
        INDArray a = pool.allocate(false, DataType.FLOAT, 40);
        INDArray b = pool.allocate(false, DataType.FLOAT, 41);
        pool.release(a);
        pool.release(b);
        assertSame(a, pool.allocate(false, DataType.FLOAT, 40)); // a is now the more recently used shape
        pool.release(a);
        INDArray c = pool.allocate(false, DataType.FLOAT, 50);
        pool.release(c); // 40 + 41 + 50 floats do not fit: b's shape goes
        assertTrue(b.wasClosed());
        assertFalse(a.wasClosed());
        assertSame(c, pool.allocate(false, DataType.FLOAT, 50));
        assertSame(a, pool.allocate(false, DataType.FLOAT, 40));
    }

    @Test
    void trainingRepeatsItsLossesWithReusedArraysAfterAReleaseAndOnAnotherThread() throws Exception {
        OptimizerSettings opt = OptimizerSettings.adamW(0.05);
        MoeConfig moe = TinyModels.moe(4, 2, "last2");
        INDArray x = TinyModels.images(8, 3, SIZE, 1, DataType.FLOAT);
        INDArray y = TinyModels.oneHot(8, 3, 2, DataType.FLOAT);

        Network straight = NetworkBuilder.build(TinyModels.convnext(), moe, 3, 3, SIZE, 4, opt);
        double[] expected = new double[5];
        for (int i = 0; i < 5; i++) {
            expected[i] = straight.trainStep(x, y, 1e-3).loss();
        }

        Network interrupted = NetworkBuilder.build(TinyModels.convnext(), moe, 3, 3, SIZE, 4, opt);
        double[] losses = new double[5];
        losses[0] = interrupted.trainStep(x, y, 1e-3).loss();
        losses[1] = interrupted.trainStep(x, y, 1e-3).loss();
        interrupted.releaseTrainingMemory();
        losses[2] = interrupted.trainStep(x, y, 1e-3).loss();
        ExecutorService other = Executors.newSingleThreadExecutor(); // the app trains on a worker thread
        try {
            for (int i = 3; i < 5; i++) {
                losses[i] = other.submit(() -> interrupted.trainStep(x, y, 1e-3).loss())
                        .get();
            }
        } finally {
            other.shutdown();
        }
        assertArrayEquals(expected, losses, 0.0);
        long[] hitsAndMisses = ArrayPool.hitsAndMisses();
        assertTrue(hitsAndMisses[0] > 0, "arrays were reused");
    }
}
