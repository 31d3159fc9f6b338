package org.moeworkbench.app.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.train.TrainingListener;

/** A hard MoE's events cross from the training process to the app as lines and arrive as they were sent. */
class TrainingEventsTest {

    @Test
    void hardMoeEventsRoundTripThroughTheirLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainingListener writer = TrainingEvents.writer(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        TrainingListener.ExpertEvent expert =
                new TrainingListener.ExpertEvent("expert-02", "trained", 120, 3, 1.5, "", 2, 4);
        writer.stage(TrainingListener.Stage.CLUSTERING, "PCA + K-means");
        writer.modelStep("trunk", 1, 5, 10, 0.75);
        writer.modelEpoch("expert-02", 2, 3, 0.5, null, true);
        writer.expertFinished(expert);
        writer.info("cluster sizes [1, 2]");

        List<String> seen = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void stage(Stage stage, String detail) {
                seen.add(stage + " " + detail);
            }

            @Override
            public void modelStep(String model, int epoch, int batch, int batches, double loss) {
                seen.add(model + " " + epoch + " " + batch + "/" + batches + " " + loss);
            }

            @Override
            public void modelEpoch(
                    String model, int epoch, int maxEpochs, double trainLoss, Double validationLoss, boolean best) {
                seen.add(model + " " + epoch + "/" + maxEpochs + " " + trainLoss + " " + validationLoss + " " + best);
            }

            @Override
            public void expertFinished(ExpertEvent event) {
                seen.add(event.toString());
            }

            @Override
            public void info(String text) {
                seen.add(text);
            }
        };
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            TrainingEvents.dispatch(line, recorder);
        }
        assertEquals(
                List.of(
                        "CLUSTERING PCA + K-means",
                        "trunk 1 5/10 0.75",
                        "expert-02 2/3 0.5 null true",
                        expert.toString(),
                        "cluster sizes [1, 2]"),
                seen);
    }

    @Test
    void stepHealthAndAlarmsCrossAsTheyWereSent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainingListener writer = TrainingEvents.writer(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        org.moeworkbench.engine.moe.RoutingHealth health = org.moeworkbench.engine.moe.RoutingHealth.of(
                5, new double[] {0.9, 0.1}, new double[] {0.8, 0.1}, 0.3, 0.1, 2.5, 1.5, null);
        org.moeworkbench.engine.moe.CollapseWatch.Alarm alarm = new org.moeworkbench.engine.moe.CollapseWatch.Alarm(
                "collapse", 5, 0, 0.9, 40, 1, "routing collapse in block 5");
        writer.step(
                new TrainingListener.StepEvent(1, 40, 2.0, 0.1, 1e-3, 100, List.of(health.load()), List.of(health)));
        writer.alarm(alarm);

        List<Object> seen = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void step(StepEvent event) {
                seen.add(event.health().get(0));
            }

            @Override
            public void alarm(org.moeworkbench.engine.moe.CollapseWatch.Alarm raised) {
                seen.add(raised);
            }
        };
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            TrainingEvents.dispatch(line, recorder);
        }
        org.moeworkbench.engine.moe.RoutingHealth received = (org.moeworkbench.engine.moe.RoutingHealth) seen.get(0);
        assertEquals(5, received.block());
        assertEquals(0.9, received.maxShare());
        assertEquals(0.3, received.gateEntropy());
        assertEquals(0.8, received.served()[0]);
        assertEquals(health.effectiveExperts(), received.effectiveExperts());
        assertEquals(alarm, seen.get(1));
    }
}
