package org.moeworkbench.engine.moe;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.moeworkbench.engine.config.ConfigChoice;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Router;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A small MoE layer in a graph of its own, with fixed weights large enough to make routing matter. */
final class MoeFixture {

    static final int TOKENS = 12;
    static final int DIM = 6;
    static final int EXPERTS = 4;
    static final int HIDDEN = 5;
    static final int ROUTER_DIM = 3;

    final SameDiff sd = SameDiff.create();
    final MoeConfig config;
    final SDVariable tokens;
    final SDVariable training;
    final SparseMoeLayer.Output layer;
    final INDArray input;

    /**
     * @param tokensAsVariable true for gradient checks (the input gets a gradient), false for a placeholder
     */
    MoeFixture(MoeConfig config, DataType dataType, long seed, boolean tokensAsVariable, BalanceLoss balanceLoss) {
        this.config = config;
        Random random = new Random(seed);
        this.input = gaussian(random, 1.0, TOKENS, DIM).castTo(dataType);
        this.tokens = tokensAsVariable ? sd.var("tokens", input.dup()) : sd.placeHolder("tokens", dataType, -1, DIM);
        this.training = sd.placeHolder("training", dataType);
        this.layer = SparseMoeLayer.build(sd, "moe", tokens, DIM, config, HIDDEN, training, seed, balanceLoss);
        for (SDVariable weight : allWeights()) {
            long[] shape = weight.getArr().shape();
            INDArray values = weight.name().endsWith("logScale")
                    ? Nd4j.zeros(DataType.DOUBLE, shape).addi(Math.log(2.5))
                    : gaussian(random, weight.name().contains("router") ? 1.0 : 0.6, shape);
            weight.setArray(values.castTo(dataType));
        }
    }

    static MoeConfig config(String router, int k, double capacityFactor, boolean bpr, double noise) {
        return new MoeConfig(
                EXPERTS,
                k,
                Placement.LAST2,
                List.of(),
                ConfigChoice.parse(Router.class, router),
                ROUTER_DIM,
                1.0,
                noise,
                0.01,
                capacityFactor,
                bpr,
                0.05);
    }

    List<SDVariable> allWeights() {
        List<SDVariable> all = new ArrayList<>(layer.routerWeights());
        all.addAll(layer.expertWeights());
        return all;
    }

    Map<String, INDArray> placeholders(double trainingFlag) {
        INDArray flag = Nd4j.scalar(input.dataType(), trainingFlag);
        return sd.getVariable("tokens").isPlaceHolder()
                ? Map.of("tokens", input, "training", flag)
                : Map.of("training", flag);
    }

    Map<String, INDArray> run(double trainingFlag) {
        return sd.output(
                placeholders(trainingFlag),
                layer.output().name(),
                layer.auxLoss().name(),
                layer.chosen().name(),
                layer.gates().name(),
                layer.dropped().name(),
                layer.load().name());
    }

    MoeReference.Result reference() {
        Map<String, double[][]> w = new java.util.HashMap<>();
        for (SDVariable weight : allWeights()) {
            INDArray arr = weight.getArr().castTo(DataType.DOUBLE);
            w.put(
                    weight.name().substring("moe/".length()),
                    arr.rank() == 1 ? new double[][] {arr.toDoubleVector()} : arr.toDoubleMatrix());
        }
        MoeReference.Router router = switch (config.router()) {
            case LINEAR -> new MoeReference.Router("linear", w.get("router/w"), w.get("router/b")[0], null, null, 0);
            case COSINE ->
                new MoeReference.Router(
                        "cosine",
                        null,
                        null,
                        w.get("router/proj"),
                        w.get("router/embed"),
                        w.get("router/logScale")[0][0]);
            case L2 -> new MoeReference.Router("l2", null, null, w.get("router/proj"), w.get("router/embed"), 0);
        };
        List<MoeReference.Expert> experts = new ArrayList<>();
        for (int e = 0; e < config.experts(); e++) {
            String p = "expert" + e + "/";
            experts.add(
                    new MoeReference.Expert(w.get(p + "w1"), w.get(p + "b1")[0], w.get(p + "w2"), w.get(p + "b2")[0]));
        }
        return MoeReference.run(
                input.castTo(DataType.DOUBLE).toDoubleMatrix(),
                router,
                experts,
                config.topK(),
                config.capacityFactor(),
                config.batchPrioritized(),
                config.routerNoise());
    }

    /** Builds the gradient function once with System.out muted (SameDiff prints every op it differentiates). */
    void createGradientsQuietly() {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            sd.createGradFunction();
        } finally {
            System.setOut(out);
        }
    }

    static INDArray gaussian(Random random, double std, long... shape) {
        INDArray a = Nd4j.zeros(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, random.nextGaussian() * std);
        }
        return a;
    }
}
