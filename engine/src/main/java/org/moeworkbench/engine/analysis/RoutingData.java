package org.moeworkbench.engine.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.run.RoutingStore;
import org.moeworkbench.engine.run.RoutingStore.AnalysisSubset;
import org.moeworkbench.engine.run.RoutingStore.LayerEntry;
import org.moeworkbench.engine.run.RoutingStore.SnapshotHeader;

/**
 * One routing snapshot held as flat arrays (the analyses walk millions of tokens; RoutingStore.readLayer's
 * nested arrays cost more than the analyses themselves). Row {@code i * T + t}, column {@code j} of layer
 * arrays is choice j of token t of analysis image i, as in docs/formats.md.
 *
 * @param subset the analysis images (test-split indices and labels), in row order
 * @param header the snapshot header
 * @param layers one entry per MoE layer, in block order
 */
public record RoutingData(AnalysisSubset subset, SnapshotHeader header, List<Layer> layers) {

    /**
     * One MoE layer of a snapshot.
     *
     * @param block          global block index
     * @param tokensPerImage T, patches per image (a ViT's class token is not one: see {@code classToken})
     * @param k              choices per token
     * @param images         analysis images
     * @param experts        E, experts of the layer
     * @param chosen         [images * T * k] chosen expert, first choice first
     * @param gates          [images * T * k] gate of each choice
     * @param dropped        [images * T * k] 1 where capacity dropped the choice
     * @param classToken     the routing of the class token (a ViT with class-token pooling), kept apart from the
     *                       patches so that no patch statistic counts it; null if the layer routes none
     */
    public record Layer(
            int block,
            int tokensPerImage,
            int k,
            int images,
            int experts,
            int[] chosen,
            float[] gates,
            byte[] dropped,
            ClassToken classToken) {

        /** The first-choice (top-1) expert of token {@code token} of image {@code image}. */
        public int topExpert(int image, int token) {
            return chosen[(image * tokensPerImage + token) * k];
        }
    }

    /**
     * The routing of each image's class token in one layer.
     *
     * @param chosen  [images * k] chosen expert, first choice first
     * @param gates   [images * k]
     * @param dropped [images * k]
     */
    public record ClassToken(int[] chosen, float[] gates, byte[] dropped) {}

    /** Reads {@code routing/<stem>.json} and its binary ({@code stem} is "final" or "epoch-0003"). */
    public static RoutingData read(RoutingStore store, String stem) throws IOException {
        Path headerFile = store.dir().resolve(stem + ".json");
        if (!Files.isRegularFile(headerFile)) {
            throw new IOException(headerFile + " does not exist: the run has no routing snapshot \"" + stem
                    + "\" (dense runs and runs stopped before their first epoch have none)");
        }
        AnalysisSubset subset = store.readAnalysis();
        SnapshotHeader header = store.readHeader(stem);
        if (!RoutingStore.FORMAT.equals(header.format()) || header.version() != RoutingStore.VERSION) {
            throw new IOException(headerFile + " is " + header.format() + " version " + header.version()
                    + ", this reader knows " + RoutingStore.FORMAT + " version " + RoutingStore.VERSION);
        }
        List<Layer> layers;
        try (FileChannel channel = FileChannel.open(store.dir().resolve(header.binary()), StandardOpenOption.READ)) {
            ByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            // Layers are independent regions of the file: copy them out on all cores.
            layers = header.layers().parallelStream()
                    .map(entry -> layer(all, header, entry))
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new RoutingData(subset, header, List.copyOf(layers));
    }

    private static Layer layer(ByteBuffer all, SnapshotHeader header, LayerEntry entry) {
        int n = entry.rows() * entry.k();
        int[] chosen = new int[n];
        float[] gates = new float[n];
        byte[] dropped = new byte[n];
        all.duplicate()
                .position((int) entry.expertsOffset())
                .slice()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asIntBuffer()
                .get(chosen);
        all.duplicate()
                .position((int) entry.gatesOffset())
                .slice()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(gates);
        all.duplicate().position((int) entry.droppedOffset()).slice().get(dropped);
        for (int e : chosen) {
            if (e < 0 || e >= header.experts()) {
                throw new UncheckedIOException(new IOException(header.binary() + ": block " + entry.block()
                        + " routes to expert " + e + " of " + header.experts() + "; the file is damaged"));
            }
        }
        int classTokens = entry.classTokenCount();
        if (classTokens == 0) {
            return new Layer(
                    entry.block(),
                    entry.tokensPerImage(),
                    entry.k(),
                    header.images(),
                    header.experts(),
                    chosen,
                    gates,
                    dropped,
                    null);
        }
        // the class token is token 0 of each image: split it from the patches
        int k = entry.k();
        int patches = entry.tokensPerImage() - classTokens;
        int images = header.images();
        int[] patchChosen = new int[images * patches * k];
        float[] patchGates = new float[patchChosen.length];
        byte[] patchDropped = new byte[patchChosen.length];
        int[] classChosen = new int[images * k];
        float[] classGates = new float[classChosen.length];
        byte[] classDropped = new byte[classChosen.length];
        for (int x = 0; x < images; x++) {
            int from = x * entry.tokensPerImage() * k;
            System.arraycopy(chosen, from, classChosen, x * k, k);
            System.arraycopy(gates, from, classGates, x * k, k);
            System.arraycopy(dropped, from, classDropped, x * k, k);
            int patchesFrom = from + classTokens * k;
            int to = x * patches * k;
            System.arraycopy(chosen, patchesFrom, patchChosen, to, patches * k);
            System.arraycopy(gates, patchesFrom, patchGates, to, patches * k);
            System.arraycopy(dropped, patchesFrom, patchDropped, to, patches * k);
        }
        return new Layer(
                entry.block(),
                patches,
                k,
                images,
                header.experts(),
                patchChosen,
                patchGates,
                patchDropped,
                new ClassToken(classChosen, classGates, classDropped));
    }

    /** Snapshot stems present in a run's routing folder, oldest first, "final" last. */
    public static List<String> snapshots(RoutingStore store) throws IOException {
        List<String> stems = new ArrayList<>();
        if (!Files.isDirectory(store.dir())) {
            return stems;
        }
        try (var files = Files.list(store.dir())) {
            files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".json") && (f.startsWith("epoch-") || f.equals("final.json")))
                    .map(f -> f.substring(0, f.length() - 5))
                    .sorted((a, b) -> a.equals("final") ? 1 : b.equals("final") ? -1 : a.compareTo(b))
                    .forEach(stems::add);
        }
        return stems;
    }
}
