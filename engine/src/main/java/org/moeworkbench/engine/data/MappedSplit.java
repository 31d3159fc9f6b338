package org.moeworkbench.engine.data;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A split whose images stay in a file, memory-mapped in chunks of at most 1 GB (the OS pages them in
 * and out, so the data may be larger than the heap). Labels and tags are small and live on the heap.
 * Reads use absolute positions, so concurrent readers do not interfere.
 */
final class MappedSplit extends StoredSplit {
    private static final long CHUNK_BYTES = 1L << 30;
    private final MappedByteBuffer[] chunks;
    private final int imagesPerChunk;

    MappedSplit(
            FileChannel channel,
            Path file,
            long offset,
            String name,
            int channels,
            int height,
            int width,
            int[] labels,
            int[][] tags)
            throws IOException {
        super(name, channels, height, width, labels, tags);
        int bytes = imageBytes();
        this.imagesPerChunk = (int) Math.max(1, CHUNK_BYTES / Math.max(1, bytes));
        long total = (long) labels.length * bytes;
        if (offset + total > channel.size()) {
            throw new DatasetException(
                    file,
                    "split " + name,
                    "images need bytes " + offset + ".." + (offset + total) + " but the file has " + channel.size()
                            + ": expected a complete dataset store file");
        }
        int chunkCount = (int) ((labels.length + (long) imagesPerChunk - 1) / imagesPerChunk);
        this.chunks = new MappedByteBuffer[chunkCount];
        for (int k = 0; k < chunkCount; k++) {
            long first = (long) k * imagesPerChunk;
            long count = Math.min(imagesPerChunk, labels.length - first);
            chunks[k] = channel.map(FileChannel.MapMode.READ_ONLY, offset + first * bytes, count * bytes);
        }
    }

    @Override
    public void copyImage(int index, byte[] target, int offset) {
        Objects.checkIndex(index, size());
        int bytes = imageBytes();
        chunks[index / imagesPerChunk].get((index % imagesPerChunk) * bytes, target, offset, bytes);
    }
}
