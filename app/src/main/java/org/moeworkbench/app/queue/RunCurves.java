package org.moeworkbench.app.queue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.app.common.CurvePoint;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;

/**
 * The curves of a run as its metrics.jsonl logged them (no analysis: the logged values as they are).
 *
 * @param stepLoss           loss per logged step
 * @param stepAuxLoss        aux (balancing) loss per logged step
 * @param epochTrainLoss     mean training loss per epoch
 * @param epochValidationAccuracy validation accuracy per epoch
 * @param lastExpertLoad     per MoE layer, the mean expert load of the last epoch
 */
public record RunCurves(
        List<CurvePoint> stepLoss,
        List<CurvePoint> stepAuxLoss,
        List<CurvePoint> epochTrainLoss,
        List<CurvePoint> epochValidationAccuracy,
        List<double[]> lastExpertLoad) {

    public static RunCurves read(Path runDir) throws IOException {
        List<JsonNode> lines = MetricsLog.read(runDir.resolve(RunDirectory.METRICS));
        List<CurvePoint> loss = new ArrayList<>();
        List<CurvePoint> aux = new ArrayList<>();
        List<CurvePoint> train = new ArrayList<>();
        List<CurvePoint> accuracy = new ArrayList<>();
        List<double[]> load = List.of();
        for (JsonNode line : lines) {
            if (line.has("model") && !line.path("model").asText().equals("trunk")) {
                continue; // a hard-MoE run: its curves are the trunk's (experts and ensemble members log too)
            }
            switch (line.path("type").asText()) {
                case "step" -> {
                    double step = line.path("step").asDouble();
                    loss.add(new CurvePoint(step, line.path("loss").asDouble()));
                    aux.add(new CurvePoint(step, line.path("auxLoss").asDouble()));
                }
                case "epoch" -> {
                    double epoch = line.path("epoch").asDouble();
                    train.add(new CurvePoint(epoch, line.path("trainLoss").asDouble()));
                    if (line.path("validationAccuracy").isNumber()) {
                        accuracy.add(new CurvePoint(
                                epoch, line.path("validationAccuracy").asDouble()));
                    }
                    List<double[]> layers = new ArrayList<>();
                    for (JsonNode layer : line.path("expertLoad")) {
                        double[] shares = new double[layer.size()];
                        for (int e = 0; e < shares.length; e++) {
                            shares[e] = layer.get(e).asDouble();
                        }
                        layers.add(shares);
                    }
                    load = layers;
                }
                default -> {}
            }
        }
        return new RunCurves(loss, aux, train, accuracy, load);
    }
}
