package org.moeworkbench.plots.export;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Writes a TensorBoard event file: TFRecord framing of {@code tensorflow.Event} protocol buffers, the format
 * TensorBoard, W&amp;B ({@code wandb sync}) and Aim read.
 *
 * <p>TFRecord: each record is its length (uint64, little-endian), the masked CRC-32C of those 8 bytes, the data, the
 * masked CRC-32C of the data. Event fields (tensorflow/core/util/event.proto): {@code wall_time} 1 (double),
 * {@code step} 2 (int64), {@code file_version} 3 (string), {@code summary} 5; {@code Summary.value} 1 (repeated)
 * with {@code tag} 1, {@code simple_value} 2 (float) or {@code image} 4 ({@code height} 1, {@code width} 2,
 * {@code colorspace} 3, {@code encoded_image_string} 4). The wire format comes from protobuf-java; the message
 * layouts are the few fields above, so no generated classes are needed.
 */
public final class TensorBoardEventWriter implements AutoCloseable {
    /** The first event of every file: TensorBoard checks it. */
    public static final String FILE_VERSION = "brain.Event:2";

    private static final int MASK_DELTA = 0xa282ead8;

    private final OutputStream out;

    /** Writes the file-version event at {@code wallTime} (seconds since the epoch). */
    public TensorBoardEventWriter(OutputStream out, double wallTime) throws IOException {
        this.out = out;
        writeEvent(wallTime, 0, event -> event.writeString(3, FILE_VERSION));
    }

    /** One scalar: {@code tag} at {@code step}. */
    public void scalar(String tag, long step, double wallTime, float value) throws IOException {
        byte[] summaryValue = message(v -> {
            v.writeString(1, tag);
            v.writeFloat(2, value);
        });
        writeSummary(step, wallTime, summaryValue);
    }

    /** One PNG image (RGBA): {@code tag} at {@code step}. */
    public void image(String tag, long step, double wallTime, byte[] png, int width, int height) throws IOException {
        byte[] image = message(i -> {
            i.writeInt32(1, height);
            i.writeInt32(2, width);
            i.writeInt32(3, 4); // RGBA
            i.writeByteArray(4, png);
        });
        byte[] summaryValue = message(v -> {
            v.writeString(1, tag);
            v.writeByteArray(4, image);
        });
        writeSummary(step, wallTime, summaryValue);
    }

    private void writeSummary(long step, double wallTime, byte[] summaryValue) throws IOException {
        byte[] summary = message(s -> s.writeByteArray(1, summaryValue));
        writeEvent(wallTime, step, event -> event.writeByteArray(5, summary));
    }

    private void writeEvent(double wallTime, long step, Fields what) throws IOException {
        writeRecord(message(event -> {
            event.writeDouble(1, wallTime);
            event.writeInt64(2, step);
            what.write(event);
        }));
    }

    /** One TFRecord. */
    private void writeRecord(byte[] data) throws IOException {
        byte[] length = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(data.length)
                .array();
        out.write(length);
        out.write(littleEndian(maskedCrc32c(length)));
        out.write(data);
        out.write(littleEndian(maskedCrc32c(data)));
    }

    /** The CRC-32C of {@code bytes}, masked as TFRecord does (so a CRC of data holding CRCs is not trivially one). */
    public static int maskedCrc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }

    private static byte[] littleEndian(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(value)
                .array();
    }

    @FunctionalInterface
    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(bytes);
        fields.write(coded);
        coded.flush();
        return bytes.toByteArray();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
