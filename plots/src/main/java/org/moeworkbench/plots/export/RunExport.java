package org.moeworkbench.plots.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.moeworkbench.engine.analysis.RoutingData;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.plots.DatasetImages;
import org.moeworkbench.plots.Figure;
import org.moeworkbench.plots.FigureRenderer;
import org.moeworkbench.plots.Figures;
import org.moeworkbench.plots.RunFigures;

/**
 * A run in formats other tools read: TensorBoard event files ({@link #tensorBoard}) and every figure's data as CSV
 * ({@link #csv}). Both write under {@code OUT/<run id>/}, so one folder holds many runs (TensorBoard's
 * {@code --logdir OUT} lists them by id).
 */
public final class RunExport {
    /** Size of the images written into event files: legible in TensorBoard's image panel. */
    static final int IMAGE_WIDTH = 1000;

    static final int IMAGE_HEIGHT = 700;

    /** Fields of metrics.jsonl lines that are coordinates, not values. */
    private static final Set<String> NOT_SCALARS = Set.of("type", "step", "epoch", "best", "bestEpoch");

    private RunExport() {}

    /**
     * Writes {@code OUT/<run id>/events.out.tfevents.<seconds>.<host>}: every number of metrics.jsonl as a scalar
     * ({@code <line type>/<field>}, e.g. {@code step/loss}, {@code epoch/validationAccuracy}, {@code test/testAccuracy};
     * expert load as {@code <line type>/load/block-<b>/expert-<e>}), at its step; and, when {@code figures} draws
     * images, the images routed to each expert per MoE layer for every routing snapshot ({@code experts/block-<b>}).
     * Wall times start at the run's start and advance by each epoch's measured seconds.
     *
     * @return the event file
     */
    public static Path tensorBoard(RunSummary run, Path out, RunFigures figures) throws IOException {
        RunDirectory directory = RunDirectory.open(run.dir());
        List<JsonNode> lines = MetricsLog.read(directory.metricsFile());
        List<Integer> blocks = moeBlocks(directory);
        double start = startSeconds(directory);
        Map<Integer, Long> stepOfEpoch = new HashMap<>();
        Map<Integer, Double> wallTimeOfEpoch = new HashMap<>();
        Path dir = Files.createDirectories(out.resolve(run.id()));
        Path file = dir.resolve("events.out.tfevents." + (long) start + "." + hostName());
        try (TensorBoardEventWriter events =
                new TensorBoardEventWriter(new BufferedOutputStream(Files.newOutputStream(file)), start)) {
            double[] wallTimes = wallTimes(lines, start);
            for (int i = 0; i < lines.size(); i++) {
                JsonNode line = lines.get(i);
                String type = line.path("type").asText("metrics");
                long step = line.path("step").asLong(0);
                if (type.equals("epoch")) {
                    stepOfEpoch.put(line.path("epoch").asInt(), step);
                    wallTimeOfEpoch.put(line.path("epoch").asInt(), wallTimes[i]);
                }
                for (Iterator<Map.Entry<String, JsonNode>> fields = line.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    String name = field.getKey();
                    JsonNode value = field.getValue();
                    if (NOT_SCALARS.contains(name)) {
                        continue;
                    }
                    if (value.isNumber()) {
                        events.scalar(type + "/" + name, step, wallTimes[i], value.floatValue());
                    } else if (name.equals("expertLoad") && value.isArray()) {
                        for (int layer = 0; layer < value.size(); layer++) {
                            String block = layer < blocks.size() ? "block-" + blocks.get(layer) : "layer-" + layer;
                            JsonNode shares = value.get(layer);
                            for (int e = 0; e < shares.size(); e++) {
                                events.scalar(
                                        type + "/load/" + block + "/expert-" + e,
                                        step,
                                        wallTimes[i],
                                        shares.get(e).floatValue());
                            }
                        }
                    } else if (name.equals("health") && value.isArray()) {
                        for (JsonNode layer : value) {
                            String block = "block-" + layer.path("block").asInt();
                            for (Iterator<Map.Entry<String, JsonNode>> h = layer.fields(); h.hasNext(); ) {
                                Map.Entry<String, JsonNode> stat = h.next();
                                if (stat.getValue().isNumber() && !stat.getKey().equals("block")) {
                                    events.scalar(
                                            type + "/health/" + block + "/" + stat.getKey(),
                                            step,
                                            wallTimes[i],
                                            stat.getValue().floatValue());
                                }
                            }
                        }
                    }
                }
            }
            if (run.hardMoe()) {
                writeHardMoeResults(run, events, lines, wallTimes);
            }
            // images after the scalars, so one pass writes the file; TensorBoard orders events by step
            writeRoutingImages(run, directory, figures, stepOfEpoch, wallTimeOfEpoch, start, events);
        }
        return file;
    }

    /**
     * A hard MoE's results.json (trunk, moe, oracle, ensemble: losses, p@m, q@m, params, cost) as scalars
     * {@code results/<model>/<field>} at the last logged step: its metrics.jsonl holds only the training stages.
     */
    private static void writeHardMoeResults(
            RunSummary run, TensorBoardEventWriter events, List<JsonNode> lines, double[] wallTimes)
            throws IOException {
        var results = org.moeworkbench.engine.hardmoe.HardMoeRun.open(run.dir()).results();
        if (results.isEmpty()) {
            return;
        }
        long step =
                lines.isEmpty() ? 0 : lines.get(lines.size() - 1).path("step").asLong(0);
        double wallTime = wallTimes.length == 0 ? 0 : wallTimes[wallTimes.length - 1];
        for (var model : results.get().entrySet()) {
            JsonNode fields = org.moeworkbench.engine.config.ConfigJson.mapper().valueToTree(model.getValue());
            for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNumber()) {
                    events.scalar(
                            "results/" + model.getKey() + "/" + field.getKey(),
                            step,
                            wallTime,
                            field.getValue().floatValue());
                }
            }
        }
    }

    private static void writeRoutingImages(
            RunSummary run,
            RunDirectory directory,
            RunFigures figures,
            Map<Integer, Long> stepOfEpoch,
            Map<Integer, Double> wallTimeOfEpoch,
            double start,
            TensorBoardEventWriter events)
            throws IOException {
        if (!figures.options().images() || run.hardMoe()) {
            return;
        }
        List<String> stems = RoutingData.snapshots(directory.routing());
        if (stems.isEmpty()) {
            return;
        }
        DatasetImages images = figures.dataset(directory.config().data(), run.dir());
        Set<Integer> epochsWritten = new HashSet<>();
        for (String stem : stems) { // epoch-0001, ..., and final (the last epoch: its own snapshot is not kept)
            RoutingData routing = RoutingData.read(directory.routing(), stem);
            int epoch = routing.header().epoch();
            if (!epochsWritten.add(epoch)) {
                continue;
            }
            long step = stepOfEpoch.getOrDefault(epoch, (long) epoch);
            double wallTime = wallTimeOfEpoch.getOrDefault(epoch, start);
            for (int layer = 0; layer < routing.layers().size(); layer++) {
                Figure figure = Figures.imagesByExpert(
                        routing, layer, images, figures.options().perRow());
                BufferedImage image = FigureRenderer.image(figure, IMAGE_WIDTH, IMAGE_HEIGHT);
                events.image(
                        "experts/block-" + routing.layers().get(layer).block(),
                        step,
                        wallTime,
                        png(image),
                        image.getWidth(),
                        image.getHeight());
            }
        }
    }

    /**
     * Writes {@code OUT/<run id>/<figure id>.csv} for every figure {@code figures} draws for the run (the figures of
     * {@code moe figures}); an image-grid figure also as PNG, since its data are images.
     *
     * @return the files written
     */
    public static List<Path> csv(RunSummary run, Path out, RunFigures figures) throws IOException {
        List<Path> written = new ArrayList<>();
        Path dir = Files.createDirectories(out.resolve(run.id()));
        for (Figure figure : figures.of(run)) {
            Path file = dir.resolve(figure.id() + ".csv");
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                FigureCsv.write(figure, writer);
            }
            written.add(file);
            if (figure.kind() == Figure.Kind.IMAGES) {
                written.add(FigureRenderer.png(figure, dir.resolve(figure.id() + ".png"), IMAGE_WIDTH, IMAGE_HEIGHT));
            }
        }
        return written;
    }

    private static List<Integer> moeBlocks(RunDirectory directory) {
        try {
            return directory.config().moeBlocks();
        } catch (RuntimeException e) {
            return List.of(); // a hard-MoE run has no sparse MoE layers: its load is named by position
        }
    }

    /** The run's start from its provenance, else the metrics file's modification time. */
    private static double startSeconds(RunDirectory directory) throws IOException {
        if (directory.hasProvenance()) {
            String startedAt = directory.provenance().startedAt();
            if (startedAt != null && !startedAt.isEmpty()) {
                return Instant.parse(startedAt).toEpochMilli() / 1000.0;
            }
        }
        return Files.getLastModifiedTime(directory.metricsFile()).toMillis() / 1000.0;
    }

    /**
     * A wall time per metrics line: epoch lines carry their epoch's seconds; a step line inside an epoch is placed
     * by its step between the epoch's start and end (the log holds no clock per step).
     */
    static double[] wallTimes(List<JsonNode> lines, double start) {
        double[] times = new double[lines.size()];
        double epochStart = start;
        long epochStartStep = 0;
        int first = 0; // the first line of the current epoch
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            if (!line.path("type").asText().equals("epoch")) {
                continue;
            }
            double epochEnd = epochStart + line.path("seconds").asDouble(0);
            long epochEndStep = line.path("step").asLong(0);
            for (int j = first; j <= i; j++) {
                long step = lines.get(j).path("step").asLong(epochEndStep);
                double fraction = epochEndStep == epochStartStep
                        ? 1
                        : Math.min(1, Math.max(0, (double) (step - epochStartStep) / (epochEndStep - epochStartStep)));
                times[j] = epochStart + fraction * (epochEnd - epochStart);
            }
            first = i + 1;
            epochStart = epochEnd;
            epochStartStep = epochEndStep;
        }
        for (int j = first; j < lines.size(); j++) {
            times[j] = epochStart; // after the last epoch (the test line) or a run without epoch lines
        }
        return times;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
