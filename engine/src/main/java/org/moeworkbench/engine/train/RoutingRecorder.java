package org.moeworkbench.engine.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.moeworkbench.engine.model.Network;
import org.moeworkbench.engine.model.Network.RoutingSnapshot;
import org.moeworkbench.engine.run.RoutingStore;

/** Chooses the analysis subset of test images and writes routing snapshots of it. */
final class RoutingRecorder {
    private static final long SUBSET_SALT = 0x5EEDA11A5L;

    private final RoutingStore store;
    private final RoutingStore.AnalysisSubset subset;
    private final int experts;
    private final int batchSize;

    private RoutingRecorder(RoutingStore store, RoutingStore.AnalysisSubset subset, int experts, int batchSize) {
        this.store = store;
        this.subset = subset;
        this.experts = experts;
        this.batchSize = batchSize;
    }

    /** Reads the subset a run already chose, or draws one from the seed and writes routing/analysis.json. */
    static RoutingRecorder open(
            RoutingStore store, TrainingData data, long seed, int analysisImages, int experts, int batchSize)
            throws IOException {
        RoutingStore.AnalysisSubset subset;
        if (java.nio.file.Files.exists(store.dir().resolve(RoutingStore.ANALYSIS))) {
            subset = store.readAnalysis();
        } else {
            int[] indices = choose(seed, data.size(TrainingData.Split.TEST), analysisImages);
            int[] labels = Arrays.stream(indices).map(data::testLabel).toArray();
            subset = new RoutingStore.AnalysisSubset("test", seed, indices, labels);
            store.writeAnalysis(subset);
        }
        return new RoutingRecorder(store, subset, experts, batchSize);
    }

    /** {@code count} distinct indices below {@code size}, drawn by the seed, ascending. */
    static int[] choose(long seed, int size, int count) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        Random random = new Random(seed ^ SUBSET_SALT);
        int n = Math.min(count, size);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, n);
        Arrays.sort(chosen);
        return chosen;
    }

    boolean empty() {
        return subset.indices().length == 0;
    }

    /** Routes the subset in batches and writes one snapshot; returns its header file. */
    Path record(Network network, TrainingData data, int epoch, boolean last) throws IOException {
        int[] indices = subset.indices();
        List<List<RoutingSnapshot>> parts = new ArrayList<>();
        for (int from = 0; from < indices.length; from += batchSize) {
            int[] chunk = Arrays.copyOfRange(indices, from, Math.min(indices.length, from + batchSize));
            parts.add(network.routing(data.testImages(chunk).features()));
        }
        return store.write(epoch, last, indices.length, experts, concat(parts));
    }

    /** The layers of several batches' routing joined, image order kept. */
    static List<RoutingSnapshot> concat(List<List<RoutingSnapshot>> parts) {
        List<RoutingSnapshot> layers = new ArrayList<>();
        if (parts.isEmpty()) {
            return layers;
        }
        for (int layer = 0; layer < parts.get(0).size(); layer++) {
            List<int[]> experts = new ArrayList<>();
            List<float[]> gates = new ArrayList<>();
            List<boolean[]> dropped = new ArrayList<>();
            RoutingSnapshot first = parts.get(0).get(layer);
            for (List<RoutingSnapshot> part : parts) {
                RoutingSnapshot s = part.get(layer);
                experts.addAll(Arrays.asList(s.experts()));
                gates.addAll(Arrays.asList(s.gates()));
                dropped.addAll(Arrays.asList(s.dropped()));
            }
            layers.add(new RoutingSnapshot(
                    first.block(),
                    first.tokensPerImage(),
                    first.classTokens(),
                    experts.toArray(int[][]::new),
                    gates.toArray(float[][]::new),
                    dropped.toArray(boolean[][]::new)));
        }
        return layers;
    }
}
