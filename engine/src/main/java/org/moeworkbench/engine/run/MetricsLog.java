package org.moeworkbench.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.config.ConfigJson;

/**
 * metrics.jsonl: one JSON object per line, sorted keys, each line flushed as it is written, so a reader
 * (the app, a notebook) sees every logged step while the run trains. See docs/formats.md for the fields.
 */
public final class MetricsLog implements Closeable {
    private static final ObjectMapper LINE = ConfigJson.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private BufferedWriter out;

    public MetricsLog(Path file) {
        this.file = file;
    }

    public static ObjectNode line(String type) {
        ObjectNode node = LINE.createObjectNode();
        node.put("type", type);
        return node;
    }

    /** Appends one line and flushes it to the file. */
    public synchronized void append(ObjectNode line) throws IOException {
        if (out == null) {
            out = Files.newBufferedWriter(
                    file,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        }
        out.write(LINE.writeValueAsString(LINE.treeToValue(line, Object.class)));
        out.newLine();
        out.flush();
    }

    /** Every line of a metrics file; a torn last line (the process died while writing it) is skipped. */
    public static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < text.size(); i++) {
            String s = text.get(i);
            if (s.isBlank()) {
                continue;
            }
            try {
                lines.add(LINE.readTree(s));
            } catch (IOException e) {
                if (i == text.size() - 1) {
                    break;
                }
                throw new IOException(file + " line " + (i + 1) + " is not a JSON object: " + e.getMessage(), e);
            }
        }
        return lines;
    }

    /**
     * Drops what a resumed run will write again: step and alarm lines after {@code globalStep}, epoch lines after
     * {@code epochsCompleted}, test lines. Rewrites the file atomically.
     */
    public synchronized void truncateTo(long globalStep, int epochsCompleted) throws IOException {
        close();
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode node : read(file)) {
            String type = node.path("type").asText();
            boolean keep = switch (type) {
                case "step", "alarm" -> node.path("step").asLong() <= globalStep;
                case "epoch" -> node.path("epoch").asInt() <= epochsCompleted;
                default -> false;
            };
            if (keep) {
                kept.add(node);
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (JsonNode node : kept) {
                w.write(LINE.writeValueAsString(LINE.treeToValue(node, Object.class)));
                w.newLine();
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
