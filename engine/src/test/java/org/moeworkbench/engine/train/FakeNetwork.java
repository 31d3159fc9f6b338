package org.moeworkbench.engine.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.model.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax regression with SGD + momentum, in float64 on ND4J: a Network small enough to test the trainer's
 * logic in milliseconds. One fake MoE layer (block 3, 4 tokens per image, k = 1) reports routing.
 */
public final class FakeNetwork implements Network {
    public static final int TOKENS = 4;

    private final int inputs;
    private final int classes;
    private INDArray weights;
    private INDArray bias;
    private INDArray weightVelocity;
    private INDArray biasVelocity;
    private long steps;
    /** trainStep returns NaN at this (1-based) call; 0 = never. */
    long nanAtStep;
    /** trainStep throws the JVM's "Java heap space" error at this (1-based) call; 0 = never. */
    long heapFullAtStep;

    int saves;

    public FakeNetwork(int inputs, int classes, long seed) {
        this.inputs = inputs;
        this.classes = classes;
        Nd4j.getRandom().setSeed(seed);
        weights = Nd4j.randn(DataType.DOUBLE, inputs, classes).muli(0.01);
        bias = Nd4j.zeros(DataType.DOUBLE, 1, classes);
        weightVelocity = Nd4j.zeros(DataType.DOUBLE, inputs, classes);
        biasVelocity = Nd4j.zeros(DataType.DOUBLE, 1, classes);
    }

    @Override
    public ModelSummary summary() {
        long params = (long) inputs * classes + classes;
        return new ModelSummary(
                params, params, 2L * params, List.of(new ModelSummary.BlockRow(3, 0, "fake", params, true)));
    }

    private INDArray probabilities(INDArray x) {
        INDArray logits = x.mmul(weights).addRowVector(bias);
        return Transforms.softmax(logits, true);
    }

    private INDArray flat(INDArray features) {
        return features.castTo(DataType.DOUBLE).reshape(features.size(0), inputs);
    }

    private static double crossEntropy(INDArray p, INDArray t) {
        return -Transforms.log(p.add(1e-12), true).mul(t).sumNumber().doubleValue() / p.size(0);
    }

    @Override
    public StepResult trainStep(INDArray features, INDArray targets, double learningRate) {
        steps++;
        INDArray x = flat(features);
        INDArray t = targets.castTo(DataType.DOUBLE);
        INDArray p = probabilities(x);
        double loss = crossEntropy(p, t);
        INDArray grad = p.sub(t).divi(x.size(0));
        weightVelocity.muli(0.9).addi(x.transpose().mmul(grad));
        biasVelocity.muli(0.9).addi(grad.sum(true, 0));
        weights.subi(weightVelocity.mul(learningRate));
        bias.subi(biasVelocity.mul(learningRate));
        if (steps == nanAtStep) {
            loss = Double.NaN;
        }
        if (steps == heapFullAtStep) {
            throw new OutOfMemoryError("Java heap space");
        }
        return new StepResult(
                loss + 0.01,
                loss,
                0.01,
                List.of(new double[] {0.25, 0.75}),
                List.of(org.moeworkbench.engine.moe.RoutingHealth.of(
                        0, new double[] {0.25, 0.75}, new double[] {0.25, 0.75}, 0.5, 0, 1, 1, null)));
    }

    @Override
    public INDArray logits(INDArray features) {
        return flat(features).mmul(weights).addRowVector(bias);
    }

    @Override
    public EvalResult evaluate(INDArray features, INDArray targets) {
        INDArray x = flat(features);
        return new EvalResult(crossEntropy(probabilities(x), targets.castTo(DataType.DOUBLE)), logits(features));
    }

    @Override
    public List<RoutingSnapshot> routing(INDArray features) {
        int rows = (int) features.size(0) * TOKENS;
        int[][] experts = new int[rows][1];
        float[][] gates = new float[rows][1];
        boolean[][] dropped = new boolean[rows][1];
        for (int r = 0; r < rows; r++) {
            experts[r][0] = r % 2;
            gates[r][0] = 0.5f + 0.01f * (r % 7);
            dropped[r][0] = r % 5 == 0;
        }
        return List.of(new RoutingSnapshot(3, TOKENS, 0, experts, gates, dropped));
    }

    @Override
    public INDArray penultimate(INDArray features) {
        return flat(features);
    }

    @Override
    public Map<String, INDArray> headState() {
        return Map.of("weights", weights.dup(), "bias", bias.dup());
    }

    @Override
    public void setHeadState(Map<String, INDArray> state) {
        weights = state.get("weights").dup();
        bias = state.get("bias").dup();
    }

    @Override
    public void copyWeightsFrom(Network other) {
        setHeadState(other.headState());
    }

    @Override
    public void save(Path file) throws IOException {
        saves++;
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeLong(steps);
            for (INDArray a : new INDArray[] {weights, bias, weightVelocity, biasVelocity}) {
                Nd4j.write(a, out);
            }
        }
    }

    @Override
    public void load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            steps = in.readLong();
            weights = Nd4j.read(in);
            bias = Nd4j.read(in);
            weightVelocity = Nd4j.read(in);
            biasVelocity = Nd4j.read(in);
        }
    }
}
