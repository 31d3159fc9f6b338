package org.moeworkbench.engine.hardmoe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.moeworkbench.engine.config.AugmentConfig;
import org.moeworkbench.engine.config.Sampling;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.data.ImageDataset;
import org.moeworkbench.engine.data.InMemorySplit;
import org.moeworkbench.engine.data.SubsetSplit;

class SamplerTest {

    @Test
    void globalExpertSamplingIsTheTrunksPerTagDistributionRestrictedToTheCluster() {
        // train split: tag 0 on images 0..3, tag 1 on images 0 and 4; the cluster holds images 0, 1 and 4
        int[][] tags = {{0, 1}, {0}, {0}, {0}, {1}};
        InMemorySplit train = new InMemorySplit("train", 1, 2, 2, new byte[20], new int[] {-1, -1, -1, -1, -1}, tags);
        ImageDataset dataset = new ImageDataset(
                "toy",
                List.of(),
                List.of("a", "b"),
                train,
                InMemorySplit.empty("validation", 1, 2, 2),
                InMemorySplit.empty("test", 1, 2, 2),
                0,
                List.of());
        TaskData data = new TaskData(dataset, Task.TAGS);
        double[] w = Sampler.inverseTagCounts(data.tags(train), 2);
        assertArrayEquals(new double[] {0.25, 0.5}, w, 1e-12);
        SubsetSplit cluster = new SubsetSplit("c", train, new int[] {0, 1, 4});
        Sampler sampler = new Sampler(data, cluster, 3, Sampling.PER_TAG, AugmentConfig.none(), 9, w);
        // trunk distribution: tag uniform, then an image carrying it. Restricted to the cluster the pairs weigh
        // (0,a) 1/4, (1,a) 1/4, (0,b) 1/2, (4,b) 1/2: tag a 1/3 of the draws, tag b 2/3.
        int draws = 0;
        int tagB = 0;
        int image1 = 0;
        for (int epoch = 0; epoch < 20_000; epoch++) {
            int[][] d = sampler.draw(epoch);
            for (int k = 0; k < d[0].length; k++) {
                draws++;
                tagB += d[1][k];
                image1 += d[0][k] == 1 ? 1 : 0;
                int image = d[0][k];
                int tag = d[1][k];
                assertEquals(true, java.util.Arrays.stream(cluster.tags(image)).anyMatch(t -> t == tag));
            }
        }
        assertEquals(2.0 / 3, tagB / (double) draws, 0.01);
        assertEquals(1.0 / 6, image1 / (double) draws, 0.01);
        assertArrayEquals(sampler.draw(5)[0], sampler.draw(5)[0], "seeded");
        // the matching validation loss: pairs weighted by 1 / n_t
        double[][] logProbs = {
            {Math.log(0.5), Math.log(0.5)}, {Math.log(0.9), Math.log(0.1)}, {Math.log(0.2), Math.log(0.8)}
        };
        int[][] clusterTags = {{0, 1}, {0}, {1}};
        double expected =
                (0.25 * -Math.log(0.5) + 0.5 * -Math.log(0.5) + 0.25 * -Math.log(0.9) + 0.5 * -Math.log(0.8)) / 1.5;
        assertEquals(expected, TagMetrics.weightedPairLoss(logProbs, clusterTags, w), 1e-12);
    }
}
