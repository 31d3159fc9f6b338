package org.moeworkbench.engine.model;

import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Router;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Not a test: times forward + backward of alternative formulations (run with -Dmoe.probe=true). */
@EnabledIfSystemProperty(named = "moe.probe", matches = "true")
class OpCostProbe {
    interface Form {
        SDVariable build(SameDiff sd, SDVariable x, int c);
    }

    static double time(String label, int rows, int c, Form form) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.rand(DataType.FLOAT, rows, c));
        SDVariable r = sd.constant("r", Nd4j.rand(DataType.FLOAT, rows, c));
        SDVariable y = form.build(sd, x, c);
        sd.setLossVariables(y.mul(r).sum().rename("loss"));
        ArrayPool pool = new ArrayPool(1L << 31, true);
        pool.use(() -> {
            NetworkBuilder.createGradFunctionQuietly(sd);
            return null;
        });
        SameDiff grad = sd.getFunction("grad");
        grad.setEnableCache(true);
        List<String> outs = new java.util.ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                outs.add(v.getGradient().name());
            }
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 12; i++) {
            long t = System.nanoTime();
            pool.use(() -> grad.output(new HashMap<>(), outs));
            pool.reclaimAll();
            if (i >= 2) {
                best = Math.min(best, (System.nanoTime() - t) / 1e6);
            }
        }
        System.out.printf("%-40s rows %6d c %4d: %7.2f ms%n", label, rows, c, best);
        return best;
    }

    static SDVariable matmulStandardize(SameDiff sd, SDVariable x, int d) {
        SDVariable avg = sd.constant(Nd4j.valueArrayOf(new long[] {d, d}, 1.0 / d, DataType.FLOAT));
        SDVariable xc = x.sub(x.mmul(avg));
        SDVariable inv = sd.math().rsqrt(xc.mul(xc).mmul(avg).add(1e-6));
        return xc.mul(inv);
    }

    static SDVariable gemvStandardize(SameDiff sd, SDVariable x, int d) {
        SDVariable avg = sd.constant(Nd4j.valueArrayOf(new long[] {d, 1}, 1.0 / d, DataType.FLOAT));
        SDVariable ones = sd.constant(Nd4j.ones(DataType.FLOAT, 1, d));
        SDVariable xc = x.sub(x.mmul(avg).mmul(ones));
        SDVariable inv = sd.math().rsqrt(xc.mul(xc).mmul(avg).add(1e-6)).mmul(ones);
        return xc.mul(inv);
    }

    static SDVariable gemvLayerNorm(SameDiff sd, SDVariable x, int d) {
        SDVariable avg = sd.constant(Nd4j.valueArrayOf(new long[] {d, 1}, 1.0 / d, DataType.FLOAT));
        SDVariable ones = sd.constant(Nd4j.ones(DataType.FLOAT, 1, d));
        SDVariable gain = sd.var("g", Nd4j.ones(DataType.FLOAT, 1, d));
        SDVariable xc = x.sub(x.mmul(avg).mmul(ones));
        SDVariable scale = sd.math().rsqrt(xc.mul(xc).mmul(avg).add(1e-6)).mmul(gain);
        return xc.mul(scale).add(sd.var("b", Nd4j.zeros(DataType.FLOAT, d)));
    }

    static SDVariable diag(SameDiff sd, SDVariable g, int d) {
        return sd.constant(Nd4j.eye(d).castTo(DataType.FLOAT)).mul(g);
    }

    private static SDVariable layerNormOp(SameDiff sd, SDVariable x, int d) {
        SDVariable gain = sd.var("g", Nd4j.ones(DataType.FLOAT, d));
        return sd.nn().layerNorm(x, gain, sd.var("b", Nd4j.zeros(DataType.FLOAT, d)), false, 1);
    }

    @Test
    void layerNorms() {
        int[][] shapes = {{32768, 40}, {8192, 80}, {2048, 160}, {512, 320}};
        NetworkBuilder.class.getName();
        for (int[] s : shapes) {
            int rows = s[0];
            int c = s[1];
            time("layer_norm op", rows, c, OpCostProbe::layerNormOp);
            time("gemv LN full (gain in expansion) + bias", rows, c, (sd, x, d) -> gemvLayerNorm(sd, x, d));
            time("layer_norm op again", rows, c, OpCostProbe::layerNormOp);
            time("gemv LN full again", rows, c, (sd, x, d) -> gemvLayerNorm(sd, x, d));
            time("identity (baseline)", rows, c, (sd, x, d) -> x.mul(1.0));
        }
    }

    @Test
    void moeLayer() {
        NetworkBuilder.class.getName();
        int[][] shapes = {{2048, 160}, {512, 320}};
        for (int[] s : shapes) {
            for (int rep = 0; rep < 2; rep++) {
                time("dense MLP", s[0], s[1], (sd, x, d) -> {
                    GraphContext g = new GraphContext(sd, DataType.FLOAT, 1, null);
                    return g.linear("fc2", sd.nn().gelu(g.linear("fc1", x, d, 4 * d)), 4 * d, d);
                });
                for (int[] ek : new int[][] {{8, 2}, {2, 1}, {16, 1}}) {
                    org.moeworkbench.engine.config.MoeConfig config = new org.moeworkbench.engine.config.MoeConfig(
                            ek[0], ek[1], Placement.LAST2, List.of(), Router.LINEAR, 32, 4.0, 0, 0.01, 0, false, 0.05);
                    time("moe E=" + ek[0] + " k=" + ek[1], s[0], s[1], (sd, x, d) -> {
                        org.moeworkbench.engine.moe.SparseMoeLayer.Output o =
                                org.moeworkbench.engine.moe.SparseMoeLayer.build(
                                        sd,
                                        "moe",
                                        x,
                                        d,
                                        config,
                                        4 * d,
                                        sd.constant(Nd4j.scalar(0f)),
                                        7,
                                        org.moeworkbench.engine.moe.BalanceLoss.IMPORTANCE_LOAD);
                        return o.output().add(o.auxLoss().mul(0.01));
                    });
                }
            }
        }
    }

    @Test
    void gelus() {
        NetworkBuilder.class.getName();
        for (int[] s : new int[][] {{32768, 160}, {2048, 640}}) {
            for (int rep = 0; rep < 2; rep++) {
                time("gelu op", s[0], s[1], (sd, x, d) -> sd.nn().gelu(x));
                time(
                        "x * sigmoid(1.702 x)",
                        s[0],
                        s[1],
                        (sd, x, d) -> x.mul(sd.nn().sigmoid(x.mul(1.702))));
                time("identity (baseline)", s[0], s[1], (sd, x, d) -> x.mul(1.0));
            }
        }
    }

    @Test
    void depthwiseHelpers() {
        NetworkBuilder.class.getName();
        int[][] shapes = {{16, 40}, {8, 80}, {4, 160}, {2, 320}}; // side, channels at batch 128
        for (int[] s : shapes) {
            int side = s[0];
            for (boolean helpers : new boolean[] {true, false, true}) {
                Nd4j.getEnvironment().allowHelpers(helpers);
                time("depthwise 7x7 NHWC helpers " + helpers, 128 * side * side, s[1], (sd, x, c) -> {
                    SDVariable w =
                            sd.var("dw", Nd4j.rand(DataType.FLOAT, 7, 7, c, 1).muli(0.02));
                    SDVariable b = sd.var("db", Nd4j.zeros(DataType.FLOAT, c));
                    org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig cfg =
                            org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig.builder()
                                    .kH(7)
                                    .kW(7)
                                    .sH(1)
                                    .sW(1)
                                    .pH(3)
                                    .pW(3)
                                    .dataFormat("NHWC")
                                    .build();
                    return sd.reshape(sd.cnn().depthWiseConv2d(sd.reshape(x, 128, side, side, c), w, b, cfg), -1, c);
                });
            }
            Nd4j.getEnvironment().allowHelpers(true);
        }
    }

    /** The trunk's depthwise (a batched matmul on maps up to 4x4 for k = 7) against libnd4j's op. */
    @Test
    void depthwiseTrunkAgainstOp() {
        NetworkBuilder.class.getName();
        for (int[] sc : new int[][] {{2, 320}, {4, 160}, {8, 80}}) {
            for (int rep = 0; rep < 2; rep++) {
                for (boolean trunk : new boolean[] {false, true}) {
                    int side = sc[0];
                    time(
                            "depthwise 7x7 side " + side + (trunk ? " trunk" : " op"),
                            128 * side * side,
                            sc[1],
                            (sd, x, c) -> {
                                SDVariable w = sd.var(
                                        "dw",
                                        Nd4j.rand(DataType.FLOAT, 7, 7, c, 1).muli(0.02));
                                SDVariable b = sd.var("db", Nd4j.zeros(DataType.FLOAT, c));
                                SDVariable in = sd.reshape(x, 128, side, side, c);
                                SDVariable y = trunk
                                        ? ConvNextTrunk.depthwise(
                                                new GraphContext(sd, DataType.FLOAT, 1, null), in, w, b, 7, c, side)
                                        : sd.cnn().depthWiseConv2d(in, w, b, GraphContext.samePadded(7));
                                return sd.reshape(y, -1, c);
                            });
                }
            }
        }
    }
}
