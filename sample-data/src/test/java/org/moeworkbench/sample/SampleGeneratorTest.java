package org.moeworkbench.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleGeneratorTest {

    @Test
    void sameSeedGivesSameBytesAndDifferentSeedDifferentBytes() throws Exception {
        String a = hash(SampleGenerator.generate(11, 300, 32));
        String b = hash(SampleGenerator.generate(11, 300, 32));
        String c = hash(SampleGenerator.generate(12, 300, 32));
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void imageIDependsOnlyOnSeedAndIndex() {
        SampleSet small = SampleGenerator.generate(5, 10, 16);
        SampleSet large = SampleGenerator.generate(5, 40, 16);
        int bytes = small.imageBytes() * 10;
        assertArrayEquals(small.pixels(), Arrays.copyOf(large.pixels(), bytes));
        assertArrayEquals(small.labels(), Arrays.copyOf(large.labels(), 10));
    }

    @Test
    void vocabularyHasRoughlySixtyToOneHundredTwentyWordsAndTenClasses() {
        int words = SampleGenerator.vocabulary().size();
        assertTrue(words >= 60 && words <= 120, "vocabulary size " + words);
        assertEquals(words, new HashSet<>(SampleGenerator.vocabulary()).size());
        assertEquals(10, SampleGenerator.classNames().size());
    }

    @Test
    void tagFrequencyIsLongTailedAndNoisy() {
        SampleSet set = SampleGenerator.generate(3, 5000, 16);
        int[] freq = new int[set.vocabulary().size()];
        for (int[] tags : set.tags()) {
            for (int t : tags) {
                freq[t]++;
            }
        }
        int[] sorted = freq.clone();
        Arrays.sort(sorted);
        int top = sorted[sorted.length - 1];
        int median = sorted[sorted.length / 2];
        assertTrue(top >= 8 * median, "top tag " + top + " vs median " + median);
        assertTrue(sorted[0] > 0, "every word is used at least once (noise adds any word)");
        // Noise: some images of the "beach" scene lack the "beach" tag, and some non-beach images have it.
        int beachTag = set.vocabulary().indexOf("beach");
        int beachScene = set.sceneNames().indexOf("beach");
        int beachWithout = 0;
        int otherWith = 0;
        for (int i = 0; i < set.size(); i++) {
            boolean tagged = Arrays.stream(set.tags()[i]).anyMatch(t -> t == beachTag);
            if (set.scenes()[i] == beachScene && !tagged) {
                beachWithout++;
            }
            if (set.scenes()[i] != beachScene && tagged) {
                otherWith++;
            }
        }
        assertTrue(beachWithout > 0 && otherWith > 0, beachWithout + " / " + otherWith);
    }

    @Test
    void everyClassAndSceneOccurs() {
        SampleSet set = SampleGenerator.generate(9, 3000, 16);
        Set<Integer> classes = new HashSet<>();
        Set<Integer> scenes = new HashSet<>();
        for (int i = 0; i < set.size(); i++) {
            classes.add(set.labels()[i]);
            scenes.add(set.scenes()[i]);
        }
        assertEquals(set.classNames().size(), classes.size());
        assertEquals(set.sceneNames().size(), scenes.size());
    }

    private static String hash(SampleSet set) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(set.pixels());
        ByteBuffer buf = ByteBuffer.allocate(4 * set.size());
        buf.asIntBuffer().put(set.labels());
        sha.update(buf.array());
        for (int[] tags : set.tags()) {
            sha.update(Arrays.toString(tags).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }
}
