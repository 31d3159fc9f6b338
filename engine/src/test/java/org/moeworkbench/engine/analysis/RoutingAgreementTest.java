package org.moeworkbench.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** ARI and NMI of hard clusters against dominant experts, against values worked out by hand. */
class RoutingAgreementTest {
    @Test
    void theSamePartitionUnderOtherNamesAgreesFully() {
        RoutingAgreement.Layer layer =
                RoutingAgreement.compare(4, new int[] {0, 0, 1, 1, 2, 2}, new int[] {3, 3, 0, 0, 1, 1}, 3, 4);
        assertEquals(1.0, layer.adjustedRandIndex(), 1e-12);
        assertEquals(1.0, layer.normalizedMutualInformation(), 1e-12);
        assertArrayEquals(new long[] {0, 0, 0, 2}, layer.contingency()[0]);
        assertArrayEquals(new long[] {2, 0, 0, 0}, layer.contingency()[1]);
    }

    @Test
    void crossedPartitionsAreBelowChance() {
        // contingency all ones: sum C(n_ij, 2) = 0, rows and columns sum C(2, 2) * 2 = 2 each, C(4, 2) = 6;
        // expected 2 * 2 / 6 = 2/3, max (2 + 2) / 2 = 2: ARI = (0 - 2/3) / (2 - 2/3) = -0.5; independent: NMI 0
        RoutingAgreement.Layer layer =
                RoutingAgreement.compare(0, new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}, 2, 2);
        assertEquals(-0.5, layer.adjustedRandIndex(), 1e-12);
        assertEquals(0.0, layer.normalizedMutualInformation(), 1e-12);
    }

    @Test
    void aSplitClusterByHand() {
        // clusters {0,0,0,1,1,1}, experts {0,0,1,1,2,2}: cells 2,1 / 1,2 -> sum C(n_ij, 2) = 2; rows 3 + 3 = 6;
        // columns 1 + 1 + 1 = 3; C(6, 2) = 15; expected 6 * 3 / 15 = 1.2; max 4.5: ARI = 0.8 / 3.3.
        // I = 2/3 ln 2, H(clusters) = ln 2, H(experts) = ln 3: NMI = 2 I / (H1 + H2) = (4/3 ln 2) / (ln 2 + ln 3)
        RoutingAgreement.Layer layer =
                RoutingAgreement.compare(0, new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}, 2, 3);
        assertEquals(0.8 / 3.3, layer.adjustedRandIndex(), 1e-12);
        assertEquals((4.0 / 3 * Math.log(2)) / (Math.log(2) + Math.log(3)), layer.normalizedMutualInformation(), 1e-12);
    }

    @Test
    void theDominantExpertIsTheTopChoiceOfMostPatchesTiesToTheLowerIndex() {
        // 2 images x 4 patches, k = 2 (second choices must not count)
        int[] chosen = {
            2, 0, 2, 0, 1, 0, 2, 0, // image 0: top-1 experts 2, 2, 1, 2 -> 2
            1, 3, 3, 1, 3, 1, 1, 3 // image 1: 1, 3, 3, 1 -> tie, 1
        };
        RoutingData.Layer layer = new RoutingData.Layer(5, 4, 2, 2, 4, chosen, new float[16], new byte[16], null);
        assertArrayEquals(new int[] {2, 1}, RoutingAgreement.dominantExperts(layer));
    }
}
