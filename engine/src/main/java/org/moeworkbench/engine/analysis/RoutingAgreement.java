package org.moeworkbench.engine.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.moeworkbench.engine.hardmoe.HardMoeRun;
import org.moeworkbench.engine.run.MetricsLog;
import org.moeworkbench.engine.run.RunDirectory;
import smile.validation.metric.AdjustedRandIndex;
import smile.validation.metric.NormalizedMutualInformation;

/**
 * Hard against soft routing on the same test images: the K-means cluster a hard MoE gives each image against the
 * dominant expert (the top-1 expert of most of its patches; ties to the lower index) of a sparse MoE, per MoE layer.
 * The images are the sparse run's analysis subset (routing/analysis.json), looked up in the hard run's test
 * assignments (clusters.json), so both runs must use the same test split.
 *
 * <p>Adjusted Rand index (Hubert and Arabie 1985): 1 for the same partition, about 0 for unrelated ones, negative
 * below chance. Normalised mutual information with the arithmetic-mean normalisation 2 I / (H(cluster) +
 * H(expert)), scikit-learn's default: 1 for the same partition, 0 for independent ones. Both from Smile.
 *
 * @param hardRun   the hard MoE's run id
 * @param sparseRun the sparse MoE's run id
 * @param snapshot  the sparse run's routing snapshot used ("final", "epoch-0003")
 * @param images    analysis images compared
 * @param clusters  K of the hard MoE
 * @param experts   E of the sparse MoE
 * @param layers    one entry per MoE layer of the sparse run, in block order
 */
public record RoutingAgreement(
        String hardRun, String sparseRun, String snapshot, int images, int clusters, int experts, List<Layer> layers) {

    /**
     * @param block                       global block index of the MoE layer
     * @param adjustedRandIndex           ARI of clusters against dominant experts
     * @param normalizedMutualInformation NMI, arithmetic normalisation
     * @param contingency                 [cluster][expert] images of that cluster whose dominant expert it is
     */
    public record Layer(
            int block, double adjustedRandIndex, double normalizedMutualInformation, long[][] contingency) {}

    /** Compares the hard MoE run at {@code hardDir} with the latest routing snapshot of the sparse run at {@code sparseDir}. */
    public static RoutingAgreement of(Path hardDir, Path sparseDir) throws IOException {
        if (!RunDirectory.isHardMoe(hardDir)) {
            throw new IOException(hardDir + " is not a hard-MoE run: give the hard MoE first, then the sparse one");
        }
        if (RunDirectory.isHardMoe(sparseDir)) {
            throw new IOException(sparseDir + " is a hard-MoE run: the second run must be a sparse MoE");
        }
        HardMoeRun hard = HardMoeRun.open(hardDir);
        int[] clusterOfTestImage = hard.testAssignments()
                .orElseThrow(() -> new IOException(hardDir + " has no test clusters yet (clusters.json): let its "
                        + "gater finish (moe train --resume " + hardDir + ")"));
        RunDirectory sparse = RunDirectory.open(sparseDir);
        List<String> stems = RoutingData.snapshots(sparse.routing());
        if (stems.isEmpty()) {
            throw new IOException(sparseDir + " has no routing snapshot: it is dense or has not finished an epoch");
        }
        String stem = stems.get(stems.size() - 1);
        RoutingData routing = RoutingData.read(sparse.routing(), stem);
        String hardData = hard.provenance().map(p -> p.datasetHash()).orElse(null);
        String sparseData = sparse.hasProvenance() ? sparse.provenance().datasetHash() : null;
        if (hardData != null && sparseData != null && !hardData.equals(sparseData)) {
            throw new IOException("the runs were trained on different datasets (content hash "
                    + abbreviate(hardData) + " in " + hardDir.getFileName() + ", " + abbreviate(sparseData) + " in "
                    + sparseDir.getFileName() + "; image size and sample count change it): compare runs on the "
                    + "same data");
        }
        int sparseTestImages = testImages(sparse);
        if (sparseTestImages >= 0 && sparseTestImages != clusterOfTestImage.length) {
            throw new IOException("the runs have different test splits (" + clusterOfTestImage.length
                    + " test images in " + hardDir.getFileName() + ", " + sparseTestImages + " in "
                    + sparseDir.getFileName() + "): compare runs on the same dataset, with the hard MoE's "
                    + "maxTestImages 0");
        }
        int[] indices = routing.subset().indices();
        int[] clusters = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] >= clusterOfTestImage.length) {
                throw new IOException("analysis image " + indices[i] + " of " + sparseDir.getFileName()
                        + " is not in the hard MoE's " + clusterOfTestImage.length + " test images");
            }
            clusters[i] = clusterOfTestImage[indices[i]];
        }
        int k = hard.k();
        List<Layer> layers = new ArrayList<>();
        int experts = 0;
        for (RoutingData.Layer layer : routing.layers()) {
            experts = layer.experts();
            layers.add(compare(layer.block(), clusters, dominantExperts(layer), k, layer.experts()));
        }
        return new RoutingAgreement(hard.id(), sparse.id(), stem, indices.length, k, experts, List.copyOf(layers));
    }

    /** Per image, the expert that is the top-1 choice of most of its patches (ties: the lower index). */
    public static int[] dominantExperts(RoutingData.Layer layer) {
        int[] dominant = new int[layer.images()];
        int[] count = new int[layer.experts()];
        for (int x = 0; x < layer.images(); x++) {
            java.util.Arrays.fill(count, 0);
            for (int t = 0; t < layer.tokensPerImage(); t++) {
                count[layer.topExpert(x, t)]++;
            }
            int best = 0;
            for (int e = 1; e < count.length; e++) {
                if (count[e] > count[best]) {
                    best = e;
                }
            }
            dominant[x] = best;
        }
        return dominant;
    }

    /** One layer's comparison of {@code clusters} (0..k-1) with {@code dominant} experts (0..e-1), image by image. */
    static Layer compare(int block, int[] clusters, int[] dominant, int k, int e) {
        return new Layer(
                block,
                AdjustedRandIndex.of(clusters, dominant),
                NormalizedMutualInformation.sum(clusters, dominant),
                contingency(clusters, dominant, k, e));
    }

    static long[][] contingency(int[] clusters, int[] experts, int k, int e) {
        long[][] table = new long[k][e];
        for (int i = 0; i < clusters.length; i++) {
            table[clusters[i]][experts[i]]++;
        }
        return table;
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "..." : hash;
    }

    /** Images of the test line of metrics.jsonl, -1 if the run has none (still training). */
    private static int testImages(RunDirectory run) throws IOException {
        for (JsonNode line : MetricsLog.read(run.metricsFile())) {
            if (line.path("type").asText().equals("test") && line.has("images")) {
                return line.path("images").asInt();
            }
        }
        return -1;
    }
}
