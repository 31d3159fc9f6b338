package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;

/**
 * {@code moe export} of a real tiny run: the TensorBoard event file is parsed back here from its bytes (TFRecord
 * framing, both masked CRC-32Cs of every record, the protobuf fields of each event) and compared with
 * metrics.jsonl; the CSV files are compared with what the figures show.
 */
class ExportCommandTest {
    @TempDir
    static Path tmp;

    static Path run;

    @BeforeAll
    static void trainATinyRun() throws IOException {
        Path config = tmp.resolve("tiny.json");
        ConfigJson.write(config, TrainEndToEndTest.tinyConfig());
        Path runs = tmp.resolve("runs");
        assertEquals(0, MoeCli.run("train", "--config", config.toString(), "--runs", runs.toString(), "--plain"));
        try (Stream<Path> list = Files.list(runs)) {
            run = list.findFirst().orElseThrow();
        }
    }

    /** One decoded event: wall time, step, file version, and its summary values. */
    record Event(double wallTime, long step, String fileVersion, List<Value> values) {}

    /** One summary value: a scalar, or an image (width, height, PNG bytes). */
    record Value(String tag, Float scalar, int width, int height, byte[] png) {}

    @Test
    void theEventFileHasValidFramingAndEveryNumberOfTheMetricsLogAtItsStep() throws IOException {
        Path out = tmp.resolve("tb");
        String[] result = CliHarness.execute("export", run.toString(), "--tensorboard", out.toString());
        assertEquals("0", result[0], result[2]);
        Path file;
        try (Stream<Path> files = Files.list(out.resolve(run.getFileName()))) {
            file = files.findFirst().orElseThrow();
        }
        assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."), file.toString());
        assertTrue(result[1].contains(file.toString()), result[1]);

        List<Event> events = readEvents(Files.readAllBytes(file));
        assertEquals("brain.Event:2", events.get(0).fileVersion(), "TensorBoard needs the file version first");
        Map<String, Map<Long, Float>> scalars = new HashMap<>();
        List<Value> images = new ArrayList<>();
        for (Event event : events) {
            assertTrue(event.wallTime() >= events.get(0).wallTime(), "no event before the run started");
            for (Value v : event.values()) {
                if (v.scalar() != null) {
                    scalars.computeIfAbsent(v.tag(), t -> new HashMap<>()).put(event.step(), v.scalar());
                } else {
                    images.add(v);
                }
            }
        }
        List<JsonNode> lines = MetricsLog.read(RunDirectory.open(run).metricsFile());
        int checked = 0;
        for (JsonNode line : lines) {
            String type = line.path("type").asText();
            long step = line.path("step").asLong();
            for (String field : List.of("loss", "learningRate", "validationAccuracy", "trainLoss", "testAccuracy")) {
                if (line.has(field)) {
                    assertEquals(
                            (float) line.get(field).asDouble(),
                            scalars.get(type + "/" + field).get(step),
                            type + "/" + field + " at step " + step);
                    checked++;
                }
            }
            if (line.has("expertLoad")) { // the tiny model has MoE layers in blocks 2 and 3 (last 2 of 4)
                JsonNode load = line.get("expertLoad");
                assertEquals(
                        (float) load.get(1).get(0).asDouble(),
                        scalars.get(type + "/load/block-3/expert-0").get(step));
            }
        }
        assertTrue(checked >= 10, "checked " + checked + " values");
        assertTrue(
                scalars.containsKey("epoch/load/block-2/expert-1"),
                scalars.keySet().toString());

        assertFalse(images.isEmpty(), "the images routed to each expert, per routing snapshot");
        for (Value image : images) {
            assertTrue(image.tag().startsWith("experts/block-"), image.tag());
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.png()));
            assertEquals(image.width(), decoded.getWidth());
            assertEquals(image.height(), decoded.getHeight());
        }
    }

    @Test
    void theCsvFilesHoldTheDataOfEveryFigure() throws IOException {
        Path out = tmp.resolve("csv");
        String[] result = CliHarness.execute("export", run.toString(), "--csv", out.toString(), "--no-images");
        assertEquals("0", result[0], result[2]);
        Path dir = out.resolve(run.getFileName());
        for (String figure : List.of(
                "training-loss", "accuracy", "aux-loss", "load", "experts-per-image-cdf", "similarity-block-2")) {
            assertTrue(Files.isRegularFile(dir.resolve(figure + ".csv")), figure);
        }
        List<CSVRecord> load = csv(dir.resolve("load.csv"));
        assertEquals(
                List.of("expert", "block 2: share of token choices (%)", "block 3: share of token choices (%)"),
                load.get(0).toList());
        for (int column = 1; column <= 2; column++) {
            double sum = 0;
            for (CSVRecord row : load.subList(1, load.size())) {
                sum += Double.parseDouble(row.get(column));
            }
            assertEquals(100, sum, 1e-6, "the experts' load shares of a layer add up to 100%");
        }
        List<CSVRecord> accuracy = csv(dir.resolve("accuracy.csv"));
        long epochs = MetricsLog.read(RunDirectory.open(run).metricsFile()).stream()
                .filter(l -> l.path("type").asText().equals("epoch"))
                .count();
        assertTrue(accuracy.size() > epochs, "a header and at least one row per epoch: " + accuracy);
    }

    @Test
    void aHardMoeExportsItsResultsAsScalarsAndItsFiguresAsCsv() throws IOException {
        Path config = tmp.resolve("hard.json");
        ConfigJson.write(config, org.moeworkbench.engine.hardmoe.TinyHardMoe.onSample("export-hard", 1, List.of(2)));
        Path runs = tmp.resolve("runs-hard");
        assertEquals(0, MoeCli.run("train", "--config", config.toString(), "--runs", runs.toString(), "--plain"));
        Path hard;
        try (Stream<Path> list = Files.list(runs)) {
            hard = list.findFirst().orElseThrow();
        }
        Path out = tmp.resolve("hard-export");
        String[] result = CliHarness.execute(
                "export",
                hard.toString(),
                "--tensorboard",
                out.resolve("tb").toString(),
                "--csv",
                out.resolve("csv").toString());
        assertEquals("0", result[0], result[2]);
        Path file;
        try (Stream<Path> files = Files.list(out.resolve("tb").resolve(hard.getFileName()))) {
            file = files.findFirst().orElseThrow();
        }
        double p1 = org.moeworkbench.engine.hardmoe.HardMoeRun.open(hard)
                .results()
                .orElseThrow()
                .get("moe")
                .p1();
        assertTrue(
                readEvents(Files.readAllBytes(file)).stream()
                        .flatMap(e -> e.values().stream())
                        .anyMatch(v -> v.tag().equals("results/moe/p@1") && v.scalar() == (float) p1),
                "results.json's p@1 of the mixture as a scalar");
        assertTrue(Files.isRegularFile(
                out.resolve("csv").resolve(hard.getFileName()).resolve("cluster-sizes.csv")));
    }

    @Test
    void badInputNamesTheProblemAndTheFix() {
        String[] nothing = CliHarness.execute("export", run.toString());
        assertEquals("2", nothing[0]);
        assertTrue(nothing[2].contains("--tensorboard DIR, --csv DIR, or both"), nothing[2]);
        String[] folder = CliHarness.execute(
                "export", run.getParent().toString(), "--csv", tmp.resolve("x").toString());
        assertEquals("2", folder[0]);
        assertTrue(folder[2].contains("is not a run directory") && folder[2].contains("pass runs/<id>"), folder[2]);
    }

    private static List<CSVRecord> csv(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSVFormat.RFC4180.parse(reader).getRecords();
        }
    }

    /** TFRecord framing, checked record by record, then each record's Event message. */
    static List<Event> readEvents(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (buffer.hasRemaining()) {
            byte[] length = new byte[8];
            buffer.get(length);
            assertEquals(maskedCrc(length), buffer.getInt(), "length CRC of record " + events.size());
            byte[] data = new byte
                    [Math.toIntExact(ByteBuffer.wrap(length)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .getLong())];
            buffer.get(data);
            assertEquals(maskedCrc(data), buffer.getInt(), "data CRC of record " + events.size());
            events.add(event(data));
        }
        return events;
    }

    /** TensorFlow's masked CRC-32C, written out here independently of the writer. */
    private static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        long c = crc.getValue();
        return (int) ((((c >>> 15) | (c << 17)) + 0xa282ead8L) & 0xffffffffL);
    }

    private static Event event(byte[] data) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        double wallTime = 0;
        long step = 0;
        String fileVersion = null;
        List<Value> values = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> wallTime = in.readDouble();
                case 2 -> step = in.readInt64();
                case 3 -> fileVersion = in.readString();
                case 5 -> {
                    CodedInputStream summary = CodedInputStream.newInstance(in.readByteArray());
                    for (int t = summary.readTag(); t != 0; t = summary.readTag()) {
                        assertEquals(1, WireFormat.getTagFieldNumber(t), "Summary.value");
                        values.add(value(summary.readByteArray()));
                    }
                }
                default -> throw new AssertionError("unexpected Event field " + WireFormat.getTagFieldNumber(tag));
            }
        }
        return new Event(wallTime, step, fileVersion, values);
    }

    private static Value value(byte[] data) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(data);
        String tag = null;
        Float scalar = null;
        int width = 0;
        int height = 0;
        byte[] png = null;
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> tag = in.readString();
                case 2 -> scalar = in.readFloat();
                case 4 -> {
                    CodedInputStream image = CodedInputStream.newInstance(in.readByteArray());
                    for (int i = image.readTag(); i != 0; i = image.readTag()) {
                        switch (WireFormat.getTagFieldNumber(i)) {
                            case 1 -> height = image.readInt32();
                            case 2 -> width = image.readInt32();
                            case 3 -> assertEquals(4, image.readInt32(), "colorspace RGBA");
                            case 4 -> png = image.readByteArray();
                            default -> throw new AssertionError("unexpected Image field");
                        }
                    }
                    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4), "a PNG");
                }
                default ->
                    throw new AssertionError("unexpected Summary.Value field " + WireFormat.getTagFieldNumber(t));
            }
        }
        return new Value(tag, scalar, width, height, png);
    }
}
