package org.moeworkbench.engine.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.moeworkbench.engine.hardmoe.HardMoeRun;

/**
 * The hard-MoE analyses of one run (Gross et al.): cluster sizes (Fig. 5), tag-over-cluster counts (Table 6),
 * per-tag cluster sparsity against per-tag q@10 (Fig. 6), and the data for random images per cluster
 * (Table 3). Read through {@link HardMoeRun}; parts the run has not written yet are empty.
 *
 * @param k             clusters K
 * @param clusterSizes  train images per cluster
 * @param testSizes     test images routed to each cluster
 * @param tags          tag (or class) names, vocabulary order
 * @param tagCounts     [tag][cluster] train images of the cluster carrying the tag
 * @param perTag        per tag: train count, q@10 (percent, NaN if unknown), sparsity ||c||1/||c||2 (NaN if none)
 * @param results       results.json: model (trunk, moe, oracle, ensemble) to metric (q@10, p@1, params...)
 */
public record HardMoeAnalysis(
        int k,
        int[] clusterSizes,
        int[] testSizes,
        List<String> tags,
        int[][] tagCounts,
        List<TagPoint> perTag,
        Map<String, HardMoeRun.ModelResult> results) {

    /** One tag of per_tag.json, NaN for null. */
    public record TagPoint(String tag, int count, double q10, double sparsity) {}

    public static HardMoeAnalysis of(Path runDir) throws IOException {
        return of(HardMoeRun.open(runDir));
    }

    public static HardMoeAnalysis of(HardMoeRun run) throws IOException {
        var clusters = run.clusters();
        int k = clusters.map(HardMoeRun.Clusters::k).orElse(run.k());
        int[] sizes = clusters.map(HardMoeRun.Clusters::sizes).orElse(new int[0]);
        int[] test = new int[clusters.isPresent() ? k : 0];
        clusters.ifPresent(c -> {
            for (int cluster : c.test()) {
                test[cluster]++;
            }
        });
        var counts = run.tagClusterCounts();
        List<TagPoint> perTag = new ArrayList<>();
        for (HardMoeRun.PerTag t : run.perTag().orElse(List.of())) {
            perTag.add(new TagPoint(
                    t.tag(),
                    t.count(),
                    t.q10() == null ? Double.NaN : t.q10(),
                    t.sparsity() == null ? Double.NaN : t.sparsity()));
        }
        return new HardMoeAnalysis(
                k,
                sizes,
                test,
                counts.map(HardMoeRun.TagClusterCounts::tags).orElse(List.of()),
                counts.map(HardMoeRun.TagClusterCounts::counts).orElse(new int[0][]),
                perTag,
                run.results().orElse(Map.of()));
    }

    /** The {@code n} tags with the most train images (ties: vocabulary order), for the tag histograms. */
    public List<String> mostFrequentTags(int n) {
        List<Integer> order = new ArrayList<>();
        for (int t = 0; t < tagCounts.length; t++) {
            order.add(t);
        }
        order.sort(Comparator.comparingLong((Integer t) -> -sum(tagCounts[t])).thenComparing(t -> t));
        return order.stream().limit(n).map(tags::get).toList();
    }

    /** The cluster counts of {@code tag}; throws naming the known tags if it is not one. */
    public int[] countsOf(String tag) {
        int t = tags.indexOf(tag);
        if (t < 0) {
            throw new IllegalArgumentException("no tag \"" + tag + "\" in this run; tags: "
                    + tags.subList(0, Math.min(20, tags.size())) + (tags.size() > 20 ? " ..." : ""));
        }
        return tagCounts[t];
    }

    /**
     * Up to {@code perCluster} train images of each cluster, drawn without replacement with {@code seed}
     * (Gross Table 3): result[c] holds train-split indices.
     */
    public static int[][] randomImagesPerCluster(int[] trainAssignments, int k, int perCluster, long seed) {
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < trainAssignments.length; i++) {
            members.get(trainAssignments[i]).add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[][] chosen = new int[k][];
        for (int c = 0; c < k; c++) {
            List<Integer> m = members.get(c);
            // partial Fisher-Yates: the first n places hold a uniform sample
            int n = Math.min(perCluster, m.size());
            for (int i = 0; i < n; i++) {
                int j = i + random.nextInt(m.size() - i);
                Integer swap = m.get(i);
                m.set(i, m.get(j));
                m.set(j, swap);
            }
            chosen[c] = m.subList(0, n).stream().mapToInt(Integer::intValue).toArray();
        }
        return chosen;
    }

    private static long sum(int[] values) {
        return IntStream.of(values).asLongStream().sum();
    }
}
