package org.moeworkbench.engine.moe;

import java.util.List;
import org.moeworkbench.engine.config.Router;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The router's scores (logits) of every token for every expert, before softmax (Sweet Spot appendix A).
 * <ul>
 *   <li>{@code linear}: {@code x W + b}, a 1x1 convolution on the tokens.</li>
 *   <li>{@code cosine}: project to {@code routerDim} ({@code h = x P}), then
 *       {@code cos(h, e_j) / tau} against learned expert embeddings {@code e_j} (Chi et al. 2022, X-MoE).
 *       The temperature is learned as {@code log(1/tau)}, initialised at tau = {@value #COSINE_INITIAL_TEMPERATURE}.</li>
 *   <li>{@code l2}: the same projection, then {@code -||h - e_j||^2}.</li>
 * </ul>
 *
 * @param logits  [T, E] scores
 * @param weights the router's trainable variables
 */
record RouterScores(SDVariable logits, List<SDVariable> weights) {

    static final double COSINE_INITIAL_TEMPERATURE = 0.07;
    /** Keeps the L2 normalisation finite for a zero vector; far below any real squared norm. */
    static final double NORM_EPSILON = 1e-12;

    static RouterScores build(
            SameDiff sd,
            String name,
            SDVariable tokens,
            int dim,
            int experts,
            Router router,
            int routerDim,
            SeededInit init) {
        return switch (router) {
            case LINEAR -> linear(sd, name, tokens, dim, experts, init);
            case COSINE -> cosine(sd, name, tokens, dim, experts, routerDim, init);
            case L2 -> l2(sd, name, tokens, dim, experts, routerDim, init);
        };
    }

    private static RouterScores linear(
            SameDiff sd, String name, SDVariable tokens, int dim, int experts, SeededInit init) {
        SDVariable w = sd.var(name + "/router/w", init.truncatedNormal(SeededInit.WEIGHT_STD, dim, experts));
        SDVariable b = sd.var(name + "/router/b", init.zeros(experts));
        return new RouterScores(tokens.mmul(w).add(b), List.of(w, b));
    }

    /** The learned projection [dim, routerDim] of the cosine and L2 routers and the expert embeddings. */
    private record Embedding(SDVariable projection, SDVariable experts) {
        static Embedding create(SameDiff sd, String name, int dim, int experts, int routerDim, SeededInit init) {
            return new Embedding(
                    sd.var(name + "/router/proj", init.truncatedNormal(SeededInit.WEIGHT_STD, dim, routerDim)),
                    sd.var(name + "/router/embed", init.truncatedNormal(SeededInit.WEIGHT_STD, routerDim, experts)));
        }
    }

    private static RouterScores cosine(
            SameDiff sd, String name, SDVariable tokens, int dim, int experts, int routerDim, SeededInit init) {
        Embedding embedding = Embedding.create(sd, name, dim, experts, routerDim, init);
        SDVariable logScale =
                sd.var(name + "/router/logScale", init.filled(Math.log(1.0 / COSINE_INITIAL_TEMPERATURE), 1, 1));
        SDVariable h = unitRows(tokens.mmul(embedding.projection()));
        SDVariable e = unitColumns(embedding.experts());
        SDVariable scale = sd.math().exp(logScale);
        return new RouterScores(h.mmul(e).mul(scale), List.of(embedding.projection(), embedding.experts(), logScale));
    }

    private static RouterScores l2(
            SameDiff sd, String name, SDVariable tokens, int dim, int experts, int routerDim, SeededInit init) {
        Embedding embedding = Embedding.create(sd, name, dim, experts, routerDim, init);
        SDVariable h = tokens.mmul(embedding.projection());
        SDVariable e = embedding.experts();
        // -||h - e||^2 = 2 h.e - |h|^2 - |e|^2
        SDVariable hSquared = h.mul(h).sum(true, 1);
        SDVariable eSquared = e.mul(e).sum(true, 0);
        SDVariable logits = h.mmul(e).mul(2.0).sub(hSquared).sub(eSquared);
        return new RouterScores(logits, List.of(embedding.projection(), e));
    }

    private static SDVariable unitRows(SDVariable x) {
        return x.div(x.mul(x).sum(true, 1).add(NORM_EPSILON).pow(0.5));
    }

    private static SDVariable unitColumns(SDVariable x) {
        return x.div(x.mul(x).sum(true, 0).add(NORM_EPSILON).pow(0.5));
    }
}
