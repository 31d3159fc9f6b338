package org.moeworkbench.app.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * The line protocol between the app and a {@link TrainingProcessMain}: each line a JSON object with an
 * {@code event} (runDirectory, runStarted, step, epochEnd, routingWritten, finished, cancelled, failed, warning,
 * stage, modelStep, modelEpoch, expertFinished, info, end: the listener's methods)
 * and its {@code data}, the listener's own records. NaN travels as the literal {@code NaN}.
 */
public final class TrainingEvents {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private TrainingEvents() {}

    static ObjectNode event(String name, Object data) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("event", name);
        node.set("data", MAPPER.valueToTree(data));
        return node;
    }

    static ObjectNode runDirectory(Path dir) {
        return event("runDirectory", dir.toAbsolutePath().toString());
    }

    static ObjectNode end(String status, String message, double accuracy) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("status", status);
        data.put("message", message);
        data.put("accuracy", accuracy);
        ObjectNode node = MAPPER.createObjectNode();
        node.put("event", "end");
        node.set("data", data);
        return node;
    }

    /** A listener that writes every event, of every kind of run, as a line on {@code out}. */
    static TrainingListener writer(PrintStream out) {
        return new TrainingListener() {
            private synchronized void send(String name, Object data) { // a hard MoE's experts train on several threads
                try {
                    out.println(MAPPER.writeValueAsString(event(name, data)));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void runStarted(RunStarted event) {
                send("runStarted", event);
            }

            @Override
            public void step(StepEvent event) {
                send("step", event);
            }

            @Override
            public void epochEnd(EpochEvent event) {
                send("epochEnd", event);
            }

            @Override
            public void routingWritten(int epoch, Path header) {
                ObjectNode data = MAPPER.createObjectNode();
                data.put("epoch", epoch);
                data.put("header", header.toAbsolutePath().toString());
                send("routingWritten", data);
            }

            @Override
            public void finished(TestEvent event) {
                send("finished", event);
            }

            @Override
            public void cancelled(long globalStep) {
                send("cancelled", globalStep);
            }

            @Override
            public void failed(String message) {
                send("failed", message);
            }

            @Override
            public void warning(String message) {
                send("warning", message);
            }

            @Override
            public void alarm(org.moeworkbench.engine.moe.CollapseWatch.Alarm alarm) {
                send("alarm", alarm);
            }

            @Override
            public void stage(Stage stage, String detail) {
                send(
                        "stage",
                        MAPPER.createObjectNode().put("stage", stage.name()).put("detail", detail));
            }

            @Override
            public void modelStep(String model, int epoch, int batch, int batches, double loss) {
                send(
                        "modelStep",
                        MAPPER.createObjectNode()
                                .put("model", model)
                                .put("epoch", epoch)
                                .put("batch", batch)
                                .put("batches", batches)
                                .put("loss", loss));
            }

            @Override
            public void modelEpoch(
                    String model, int epoch, int maxEpochs, double trainLoss, Double validationLoss, boolean best) {
                ObjectNode data = MAPPER.createObjectNode()
                        .put("model", model)
                        .put("epoch", epoch)
                        .put("maxEpochs", maxEpochs)
                        .put("trainLoss", trainLoss)
                        .put("best", best);
                data.put("validationLoss", validationLoss);
                send("modelEpoch", data);
            }

            @Override
            public void expertFinished(ExpertEvent event) {
                send("expertFinished", MAPPER.valueToTree(event));
            }

            @Override
            public void info(String text) {
                send("info", MAPPER.createObjectNode().put("text", text));
            }
        };
    }

    /**
     * Hands one line to {@code listener}; returns the end event's data, the run directory for runDirectory, or null.
     * Lines that are not events (a library printing to standard output) are ignored.
     */
    static JsonNode dispatch(String line, TrainingListener listener) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (node == null || !node.has("event")) {
            return null;
        }
        JsonNode data = node.get("data");
        try {
            switch (node.get("event").asText()) {
                case "runStarted" -> listener.runStarted(MAPPER.treeToValue(data, TrainingListener.RunStarted.class));
                case "step" -> listener.step(MAPPER.treeToValue(data, TrainingListener.StepEvent.class));
                case "epochEnd" -> listener.epochEnd(MAPPER.treeToValue(data, TrainingListener.EpochEvent.class));
                case "routingWritten" ->
                    listener.routingWritten(
                            data.get("epoch").asInt(),
                            Path.of(data.get("header").asText()));
                case "finished" -> listener.finished(MAPPER.treeToValue(data, TrainingListener.TestEvent.class));
                case "cancelled" -> listener.cancelled(data.asLong());
                case "failed" -> listener.failed(data.asText());
                case "warning" -> listener.warning(data.asText());
                case "alarm" ->
                    listener.alarm(MAPPER.treeToValue(data, org.moeworkbench.engine.moe.CollapseWatch.Alarm.class));
                case "stage" ->
                    listener.stage(
                            TrainingListener.Stage.valueOf(data.get("stage").asText()),
                            data.get("detail").asText());
                case "modelStep" ->
                    listener.modelStep(
                            data.get("model").asText(),
                            data.get("epoch").asInt(),
                            data.get("batch").asInt(),
                            data.get("batches").asInt(),
                            data.get("loss").asDouble());
                case "modelEpoch" ->
                    listener.modelEpoch(
                            data.get("model").asText(),
                            data.get("epoch").asInt(),
                            data.get("maxEpochs").asInt(),
                            data.get("trainLoss").asDouble(),
                            data.get("validationLoss").isNull()
                                    ? null
                                    : data.get("validationLoss").asDouble(),
                            data.get("best").asBoolean());
                case "expertFinished" ->
                    listener.expertFinished(MAPPER.treeToValue(data, TrainingListener.ExpertEvent.class));
                case "info" -> listener.info(data.get("text").asText());
                case "runDirectory", "end" -> {
                    return node;
                }
                default -> {}
            }
        } catch (JsonProcessingException e) {
            return null;
        }
        return null;
    }
}
