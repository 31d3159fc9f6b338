package org.moeworkbench.engine.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.BaseNDArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff session memory manager that keeps every array the session hands back and gives it out again for
 * the next request of the same type and shape. A training step asks for the same shapes in the same order every
 * time, so from the second step on nearly every op output is a reused buffer.
 *
 * <p>Why not ND4J's {@code ArrayCacheMemoryMgr}: it is off unless the system property
 * {@code org.nd4j.autodiff.samediff} is true, holds at most a quarter of JavaCPP's {@code maxbytes} and evicts in
 * LRU order, so on the reference ConvNeXt most outputs were still fresh native allocations (zeroed by libnd4j,
 * page-faulted in by the kernel, freed again): about 0.5-2.8 GB of new pages per step and up to 40% of the step
 * time. Here the pool is bounded only by {@link #budgetBytes}; its size settles at the arrays one step needs.
 *
 * <p>Only arrays that own their buffer are pooled (not views, not arrays whose buffer another array shares),
 * the same guards as ND4J's manager.
 */
final class ArrayPool extends AbstractMemoryMgr {
    /** Upper bound of the arrays one session keeps for reuse; override with {@code -Dmoe.arrayPoolBytes=N}. */
    static final long DEFAULT_BUDGET_BYTES = Long.getLong("moe.arrayPoolBytes", 2L << 30);
    private static final AtomicLong HITS = new AtomicLong();
    private static final AtomicLong MISSES = new AtomicLong();
    private static volatile boolean installed;
    /** A pool that the next session created on this thread takes instead of a new one (see {@link #use}). */
    private static final ThreadLocal<ArrayPool> PENDING = new ThreadLocal<>();

    private final long budgetBytes;
    private final Map<String, ArrayDeque<INDArray>> free = new HashMap<>();
    /** Arrays handed out and not handed back; null unless the owner reclaims them (see {@link #reclaimAll}). */
    private final Set<INDArray> outstanding;
    private long pooledBytes;
    /** The graph whose sessions use this pool, set by the first session that takes it. */
    private volatile SameDiff owner;

    /**
     * @param reclaims whether the owner calls {@link #reclaimAll} after each run; only then are handed-out arrays
     *     remembered (otherwise they would be kept from the garbage collector forever)
     */
    ArrayPool(long budgetBytes, boolean reclaims) {
        this.budgetBytes = budgetBytes;
        this.outstanding = reclaims ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
    }

    /**
     * Runs {@code work} (SameDiff calls) so that the sessions it creates on this thread use this pool, as long as
     * they belong to one graph: the first session to take the pool fixes that graph ({@link #owner}). SameDiff
     * makes a session per graph and thread, when a graph gets its first array (so creating the gradient function
     * creates its session) or first runs on a new thread.
     */
    <T> T use(Supplier<T> work) {
        PENDING.set(this);
        try {
            return work.get();
        } finally {
            PENDING.remove();
        }
    }

    /**
     * Takes back every array handed out since the last call. SameDiff's session hands back only about half of
     * a training step's arrays (the rest, gradients and outputs included, were left to the garbage collector);
     * the owner calls this once it has read the run's outputs, which must not be used afterwards.
     */
    /** The graph whose sessions took this pool, or null. */
    SameDiff owner() {
        return owner;
    }

    void reclaimAll() {
        if (outstanding == null) {
            throw new IllegalStateException("this pool does not track its arrays: create it with reclaims = true");
        }
        List<INDArray> arrays = new ArrayList<>(outstanding);
        outstanding.clear();
        arrays.forEach(this::release);
    }

    /** Makes every SameDiff session of this JVM (training and inference) allocate through an {@link ArrayPool}. */
    static synchronized void install() {
        if (!installed) {
            SameDiff.bindInferenceFactory(sd -> {
                InferenceSession session = new InferenceSession(sd);
                ArrayPool pending = PENDING.get();
                if (pending != null && (pending.owner == null || pending.owner == sd)) {
                    pending.owner = sd;
                    session.setMmgr(pending);
                } else {
                    session.setMmgr(new ArrayPool(DEFAULT_BUDGET_BYTES, false));
                }
                return session;
            });
            installed = true;
        }
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        INDArray reused = take(dataType, shape, null);
        return handOut(reused != null ? reused : Nd4j.createUninitializedDetached(dataType, shape));
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        long[] shape = descriptor.getShape();
        if (descriptor.isEmpty() || shape.length == 0) {
            return descriptor.isEmpty() ? Nd4j.create(descriptor) : Nd4j.createUninitializedDetached(
                    descriptor.dataType(), shape);
        }
        INDArray reused = take(descriptor.dataType(), shape, descriptor.getOrder());
        return handOut(reused != null ? reused : Nd4j.createUninitializedDetached(descriptor.dataType(), shape));
    }

    private INDArray handOut(INDArray array) {
        if (outstanding != null) {
            outstanding.add(array);
        }
        return array;
    }

    private INDArray take(DataType dataType, long[] shape, Character order) {
        ArrayDeque<INDArray> queue = free.get(key(dataType, shape));
        INDArray array = queue == null ? null : queue.pollLast();
        if (array == null || array.wasClosed()) {
            MISSES.incrementAndGet();
            return null;
        }
        pooledBytes -= bytes(array);
        if (order != null && array.ordering() != order) {
            array.setOrder(order);
        }
        ((BaseNDArray) array).assignNewId(); // the session tracks arrays by id: this is a new array to it
        HITS.incrementAndGet();
        return array;
    }

    @Override
    public void release(INDArray array) {
        if (outstanding != null) {
            outstanding.remove(array);
        }
        if (array.wasClosed() || array.isEmpty() || array.isView() || array.data() == null
                || array.dataType() == DataType.UTF8 || !array.closeable()
                || Nd4j.getExecutioner().useCount(array.data()) > 1) {
            if (array.closeable() && !array.wasClosed()) {
                array.close();
            }
            return;
        }
        long size = bytes(array);
        if (pooledBytes + size > budgetBytes) {
            array.close();
            return;
        }
        free.computeIfAbsent(key(array.dataType(), array.shape()), k -> new ArrayDeque<>()).addLast(array);
        pooledBytes += size;
    }

    @Override
    public void close() {
        free.values().forEach(queue -> queue.forEach(a -> {
            if (a.closeable()) {
                a.close();
            }
        }));
        free.clear();
        pooledBytes = 0;
        if (outstanding != null) {
            outstanding.clear(); // handed-out arrays stay with whoever holds them; the GC frees them
        }
    }

    /** Allocations served from a pool and allocations that needed new memory, over all pools since start. */
    static long[] hitsAndMisses() {
        return new long[] {HITS.get(), MISSES.get()};
    }

    private static String key(DataType dataType, long[] shape) {
        return dataType + Arrays.toString(shape);
    }

    private static long bytes(INDArray array) {
        return array.data().length() * array.dataType().width();
    }
}
