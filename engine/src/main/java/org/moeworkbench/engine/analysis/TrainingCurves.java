package org.moeworkbench.engine.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.moe.CollapseWatch;
import org.moeworkbench.engine.run.MetricsLog;

/**
 * The training curves of metrics.jsonl as columns (docs/formats.md): step lines and epoch lines. Missing
 * or null values (no validation split) are NaN in memory and null in JSON.
 *
 * @param steps               step line: steps done
 * @param stepLoss            step line: loss (task + weighted aux)
 * @param stepTaskLoss        step line: task loss
 * @param stepAuxLoss         step line: aux (balance) loss before its weight
 * @param epochs              epoch line: epochs done
 * @param epochSteps          epoch line: steps done at the end of the epoch
 * @param epochTrainLoss      epoch line: mean train loss
 * @param epochValidationLoss epoch line: validation loss
 * @param epochValidationAccuracy epoch line: validation accuracy 0..1
 * @param testAccuracy        the test line's accuracy, NaN if the run has not finished
 * @param testAccuracyMoeOff  the test accuracy with every MoE layer's output switched off (blocks keep their
 *                            residual), NaN for a dense run or a run made before this was measured
 * @param health              per MoE layer, its routing health over the steps and epochs (empty for a dense run)
 * @param alarms              the health alarms the training raised (collapse, dead expert), in order
 */
public record TrainingCurves(
        long[] steps,
        double[] stepLoss,
        double[] stepTaskLoss,
        double[] stepAuxLoss,
        int[] epochs,
        long[] epochSteps,
        double[] epochTrainLoss,
        double[] epochValidationLoss,
        double[] epochValidationAccuracy,
        double testAccuracy,
        double testAccuracyMoeOff,
        List<HealthCurve> health,
        List<CollapseWatch.Alarm> alarms) {

    public TrainingCurves {
        health = health == null ? List.of() : List.copyOf(health);
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
    }

    /** Accuracy lost (0..1) when the MoE layers are switched off at test time; NaN if not measured. */
    @com.fasterxml.jackson.annotation.JsonProperty("moeOffAccuracyDrop")
    public double moeOffAccuracyDrop() {
        return testAccuracy - testAccuracyMoeOff;
    }

    public static TrainingCurves read(Path metricsFile) throws IOException {
        List<JsonNode> stepLines = new ArrayList<>();
        List<JsonNode> epochLines = new ArrayList<>();
        double test = Double.NaN;
        double testMoeOff = Double.NaN;
        List<CollapseWatch.Alarm> alarms = new ArrayList<>();
        for (JsonNode line : MetricsLog.read(metricsFile)) {
            switch (line.path("type").asText()) {
                case "step" -> stepLines.add(line);
                case "epoch" -> epochLines.add(line);
                case "test" -> {
                    test = number(line, "testAccuracy");
                    testMoeOff = number(line, "testAccuracyMoeOff");
                }
                case "alarm" -> alarms.add(alarm(line));
                default -> {}
            }
        }
        long[] steps =
                stepLines.stream().mapToLong(n -> n.path("step").asLong()).toArray();
        int[] epochs =
                epochLines.stream().mapToInt(n -> n.path("epoch").asInt()).toArray();
        long[] epochSteps =
                epochLines.stream().mapToLong(n -> n.path("step").asLong()).toArray();
        double[] loss = numbers(stepLines, "loss");
        double[] task = numbers(stepLines, "taskLoss");
        double[] aux = numbers(stepLines, "auxLoss");
        double[] train = numbers(epochLines, "trainLoss");
        double[] validation = numbers(epochLines, "validationLoss");
        double[] accuracy = numbers(epochLines, "validationAccuracy");
        return new TrainingCurves(
                steps,
                loss,
                task,
                aux,
                epochs,
                epochSteps,
                train,
                validation,
                accuracy,
                test,
                testMoeOff,
                HealthCurve.read(stepLines, epochLines),
                alarms);
    }

    /** An {@code alarm} line of metrics.jsonl (docs/formats.md) as the alarm the training raised. */
    public static CollapseWatch.Alarm alarm(JsonNode line) {
        return new CollapseWatch.Alarm(
                line.path("kind").asText(),
                line.path("block").asInt(),
                line.path("expert").asInt(),
                number(line, "share"),
                line.path("step").asLong(),
                line.path("epoch").asInt(),
                line.path("message").asText());
    }

    /** {@code field} of each line, NaN where it is absent or not a number. */
    private static double[] numbers(List<JsonNode> lines, String field) {
        return lines.stream().mapToDouble(n -> number(n, field)).toArray();
    }

    static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
