package org.moeworkbench.engine.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.model.Network.RoutingSnapshot;

/**
 * routing/: the fixed analysis subset ({@code analysis.json}) and routing snapshots, each a JSON header
 * ({@code epoch-0003.json}, {@code final.json}) naming a little-endian binary file of the same stem with,
 * per MoE layer, the chosen experts (int32), their gates (float32) and dropped flags (uint8), each
 * [images * tokensPerImage, k] row-major and starting at an 8-byte aligned offset. docs/formats.md has a
 * Python reader.
 */
public final class RoutingStore {
    public static final String ANALYSIS = "analysis.json";
    public static final String FORMAT = "moe-routing";
    public static final int VERSION = 1;

    private final Path dir;

    public RoutingStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * routing/analysis.json: the test images whose routing is recorded, in the order of the snapshot rows.
     *
     * @param split   always "test"
     * @param seed    the experiment seed they were drawn with
     * @param indices test-split indices, ascending
     * @param labels  class label of each (same order)
     */
    public record AnalysisSubset(String split, long seed, int[] indices, int[] labels) {}

    /**
     * One MoE layer's place in a snapshot's binary file (byte offsets from the start of the file).
     *
     * @param tokensPerImage tokens the layer routes per image, class tokens included
     * @param classTokens    how many of those come first and are class tokens (a ViT with class-token pooling: 1),
     *                       not patches; null in files written before 2026-12-07 (see {@link #classTokenCount})
     */
    public record LayerEntry(
            int block,
            int tokensPerImage,
            Integer classTokens,
            int k,
            int rows,
            long expertsOffset,
            long gatesOffset,
            long droppedOffset) {

        /**
         * The class tokens per image; for older files inferred from the token count: the only backbones are ConvNeXt
         * (a square grid of patches) and ViT (a square grid, plus one class token with class-token pooling).
         */
        public int classTokenCount() {
            if (classTokens != null) {
                return classTokens;
            }
            int side = (int) Math.round(Math.sqrt(tokensPerImage - 1));
            boolean gridPlusOne = tokensPerImage > 1 && side * side == tokensPerImage - 1;
            return gridPlusOne ? 1 : 0;
        }
    }

    /**
     * A snapshot header.
     *
     * @param epoch  epochs completed when it was taken
     * @param last   true for final.json (end of training)
     * @param crc32c CRC-32C of the whole binary file, checked when a layer is read (null in files written before it)
     */
    public record SnapshotHeader(
            String format,
            int version,
            int epoch,
            boolean last,
            int images,
            int experts,
            String binary,
            String byteOrder,
            List<LayerEntry> layers,
            Long crc32c) {}

    public void writeAnalysis(AnalysisSubset subset) throws IOException {
        Files.createDirectories(dir);
        ConfigJson.write(dir.resolve(ANALYSIS), subset);
    }

    public AnalysisSubset readAnalysis() {
        return ConfigJson.readAllowingNulls(dir.resolve(ANALYSIS), AnalysisSubset.class);
    }

    public static String stem(int epoch, boolean last) {
        return last ? "final" : String.format("epoch-%04d", epoch);
    }

    /** Writes the binary, then the header (so a header always names a complete binary). */
    public Path write(int epoch, boolean last, int images, int expertCount, List<RoutingSnapshot> layers)
            throws IOException {
        Files.createDirectories(dir);
        String stem = stem(epoch, last);
        String binary = stem + ".bin";
        List<LayerEntry> entries = new ArrayList<>();
        Path tmp = dir.resolve(binary + ".tmp");
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        try (OutputStream out = new java.util.zip.CheckedOutputStream(Files.newOutputStream(tmp), crc)) {
            long offset = 0;
            for (RoutingSnapshot layer : layers) {
                int rows = layer.experts().length;
                int k = rows == 0 ? 0 : layer.experts()[0].length;
                if (rows != (long) images * layer.tokensPerImage()) {
                    throw new IllegalStateException("routing of block " + layer.block() + " has " + rows
                            + " token rows, expected " + images + " images x " + layer.tokensPerImage() + " tokens");
                }
                ByteBuffer experts = buffer(rows * k * 4);
                ByteBuffer gates = buffer(rows * k * 4);
                ByteBuffer dropped = buffer(rows * k);
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < k; j++) {
                        experts.putInt(layer.experts()[r][j]);
                        gates.putFloat(layer.gates()[r][j]);
                        dropped.put((byte) (layer.dropped()[r][j] ? 1 : 0));
                    }
                }
                long expertsAt = offset;
                offset = writeAligned(out, experts, offset);
                long gatesAt = offset;
                offset = writeAligned(out, gates, offset);
                long droppedAt = offset;
                offset = writeAligned(out, dropped, offset);
                entries.add(new LayerEntry(
                        layer.block(),
                        layer.tokensPerImage(),
                        layer.classTokens(),
                        k,
                        rows,
                        expertsAt,
                        gatesAt,
                        droppedAt));
            }
        }
        Files.move(tmp, dir.resolve(binary), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path header = dir.resolve(stem + ".json");
        ConfigJson.write(
                header,
                new SnapshotHeader(
                        FORMAT,
                        VERSION,
                        epoch,
                        last,
                        images,
                        expertCount,
                        binary,
                        "little-endian",
                        entries,
                        crc.getValue()));
        return header;
    }

    public SnapshotHeader readHeader(String stem) {
        // fields added since version 1 (crc32c, classTokens) may be missing from older snapshots
        return ConfigJson.readAllowingMissing(dir.resolve(stem + ".json"), SnapshotHeader.class);
    }

    /** Reads one layer of a snapshot back (for analysis and tests). */
    public RoutingSnapshot readLayer(SnapshotHeader header, LayerEntry layer) throws IOException {
        Path file = dir.resolve(header.binary());
        byte[] bytes = Files.readAllBytes(file);
        if (header.crc32c() != null) {
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes);
            if (crc.getValue() != header.crc32c()) {
                throw new IOException(String.format(
                        "%s: damaged routing snapshot: its CRC-32C is %08x, its header says %08x (%d bytes; flipped"
                                + " bytes or a copy cut short); the run's other snapshots are not affected",
                        file, crc.getValue(), header.crc32c(), bytes.length));
            }
        }
        ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long cells = (long) layer.rows() * layer.k();
        long needed = Math.max(
                Math.max(layer.expertsOffset() + 4 * cells, layer.gatesOffset() + 4 * cells),
                layer.droppedOffset() + cells);
        if (all.capacity() < needed) {
            throw new IOException(file + ": truncated routing snapshot (" + all.capacity() + " bytes; block "
                    + layer.block() + " needs " + needed + "): the file is damaged (a copy cut short?); the run's other"
                    + " snapshots are not affected");
        }
        int[][] experts = new int[layer.rows()][layer.k()];
        float[][] gates = new float[layer.rows()][layer.k()];
        boolean[][] dropped = new boolean[layer.rows()][layer.k()];
        for (int r = 0; r < layer.rows(); r++) {
            for (int j = 0; j < layer.k(); j++) {
                int i = r * layer.k() + j;
                experts[r][j] = all.getInt((int) layer.expertsOffset() + 4 * i);
                gates[r][j] = all.getFloat((int) layer.gatesOffset() + 4 * i);
                dropped[r][j] = all.get((int) layer.droppedOffset() + i) != 0;
            }
        }
        return new RoutingSnapshot(
                layer.block(), layer.tokensPerImage(), layer.classTokenCount(), experts, gates, dropped);
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long writeAligned(OutputStream out, ByteBuffer data, long offset) throws IOException {
        out.write(data.array(), 0, data.position());
        long end = offset + data.position();
        int pad = (int) ((8 - end % 8) % 8);
        out.write(new byte[pad]);
        return end + pad;
    }
}
