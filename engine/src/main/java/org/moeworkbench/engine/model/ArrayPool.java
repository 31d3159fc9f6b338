package org.moeworkbench.engine.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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
 *
 * <p>Shapes that are not asked for again are dropped, so the pool does not fill up with them: a sparse MoE's
 * dispatch gives every expert a different number of tokens each step, about 300 arrays per step of the reference
 * MoE whose shape may never come back. A pool that reclaims drops, at each {@link #reclaimAll}, every shape not
 * requested since the previous one; any pool, when a release would pass the budget, drops the shapes used least
 * recently first.
 */
final class ArrayPool extends AbstractMemoryMgr {
    /** Upper bound of the arrays one session keeps for reuse; override with {@code -Dmoe.arrayPoolBytes=N}. */
    static final long DEFAULT_BUDGET_BYTES = Long.getLong("moe.arrayPoolBytes", 2L << 30);
    /**
     * Upper bound for the pools of inference sessions (evaluation, routing snapshots), which free arrays during the
     * run and so need less; override with {@code -Dmoe.inferencePoolBytes=N}.
     */
    static final long DEFAULT_INFERENCE_BUDGET_BYTES = Long.getLong("moe.inferencePoolBytes", 512L << 20);
    /**
     * A pool that is not reclaimed (inference sessions) drops, every this many requests, the shapes not requested
     * during the previous window: a routing snapshot asks for per-expert shapes that may never come back, and kept
     * until the budget they added ~75 MB of resident memory per epoch of the default run.
     */
    static final int STALE_WINDOW_REQUESTS = 2048;

    private static final AtomicLong HITS = new AtomicLong();
    private static final AtomicLong MISSES = new AtomicLong();
    private static volatile boolean installed;
    /** A pool that the next session created on this thread takes instead of a new one (see {@link #use}). */
    private static final ThreadLocal<ArrayPool> PENDING = new ThreadLocal<>();

    private final long budgetBytes;
    /** Free arrays by type and shape, least recently used (requested or released) shape first: access order. */
    private final LinkedHashMap<String, Shelf> free = new LinkedHashMap<>(64, 0.75f, true);
    /** Counts {@link #reclaimAll} calls: a shelf whose {@link Shelf#requestedIn} is older was not asked for. */
    private long generation;
    /** Arrays handed out and not handed back; null unless the owner reclaims them (see {@link #reclaimAll}). */
    private final Set<INDArray> outstanding;

    private long pooledBytes;
    /** Requests since the last stale-shape sweep of a pool that is not reclaimed. */
    private int requestsInWindow;
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
        dropShelvesRequestedBefore(generation); // not asked for in this run: shapes that may not come back
        generation++;
    }

    private void dropShelvesRequestedBefore(long oldestKept) {
        for (Iterator<Shelf> shelves = free.values().iterator(); shelves.hasNext(); ) {
            Shelf shelf = shelves.next();
            if (shelf.requestedIn < oldestKept) {
                pooledBytes -= shelf.closeAll();
                shelves.remove();
            }
        }
    }

    /** Bytes of the free arrays the pool keeps. */
    long pooledBytes() {
        return pooledBytes;
    }

    /** Makes every SameDiff session of this JVM (training and inference) allocate through an {@link ArrayPool}. */
    static synchronized void install() {
        if (!installed) {
            SameDiff.bindInferenceFactory(sd -> {
                InferenceSession session = new RunScopedInferenceSession(sd);
                ArrayPool pending = PENDING.get();
                if (pending != null && (pending.owner == null || pending.owner == sd)) {
                    pending.owner = sd;
                    session.setMmgr(pending);
                } else {
                    session.setMmgr(new ArrayPool(DEFAULT_INFERENCE_BUDGET_BYTES, false));
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
            return descriptor.isEmpty()
                    ? Nd4j.create(descriptor)
                    : Nd4j.createUninitializedDetached(descriptor.dataType(), shape);
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
        if (outstanding == null && ++requestsInWindow >= STALE_WINDOW_REQUESTS) {
            requestsInWindow = 0;
            generation++;
            dropShelvesRequestedBefore(generation - 1);
        }
        String key = key(dataType, shape);
        // a reclaiming pool notes the request even on a miss, so that the array released later is kept
        Shelf shelf = outstanding != null ? free.computeIfAbsent(key, k -> new Shelf()) : free.get(key);
        if (shelf != null) {
            shelf.requestedIn = generation;
        }
        INDArray array = shelf == null ? null : shelf.arrays.pollLast();
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
        if (array.wasClosed()
                || array.isEmpty()
                || array.isView()
                || array.data() == null
                || array.dataType() == DataType.UTF8
                || !array.closeable()
                || Nd4j.getExecutioner().useCount(array.data()) > 1) {
            if (array.closeable() && !array.wasClosed()) {
                array.close();
            }
            return;
        }
        long size = bytes(array);
        String key = key(array.dataType(), array.shape());
        for (Iterator<Map.Entry<String, Shelf>> shelves = free.entrySet().iterator();
                pooledBytes + size > budgetBytes && shelves.hasNext(); ) {
            Map.Entry<String, Shelf> eldest = shelves.next(); // least recently used (requested or released) first
            if (!eldest.getKey().equals(key)) {
                pooledBytes -= eldest.getValue().closeAll();
                shelves.remove();
            }
        }
        if (pooledBytes + size > budgetBytes) {
            array.close();
            return;
        }
        Shelf shelf = free.get(key);
        if (shelf == null) {
            shelf = new Shelf();
            shelf.requestedIn = generation - 1; // released here without a request: stale unless asked for
            free.put(key, shelf);
        }
        shelf.arrays.addLast(array);
        pooledBytes += size;
    }

    /** The free arrays of one type and shape. */
    private static final class Shelf {
        final ArrayDeque<INDArray> arrays = new ArrayDeque<>();
        /** The {@link #generation} in which this type and shape was last requested. */
        long requestedIn;

        /** Frees every array on the shelf; returns their bytes. */
        long closeAll() {
            long bytes = 0;
            for (INDArray a : arrays) {
                bytes += bytes(a);
                if (a.closeable() && !a.wasClosed()) {
                    a.close();
                }
            }
            arrays.clear();
            return bytes;
        }
    }

    @Override
    public void close() {
        free.values().forEach(Shelf::closeAll);
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
