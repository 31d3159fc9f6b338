package org.moeworkbench.sample;

import java.util.List;

/**
 * A generated tagged image set, held compactly.
 *
 * @param seed        generator seed
 * @param imageSize   images are imageSize x imageSize, 3 channels
 * @param pixels      all images back to back, each channels-first (CHW) uint8: R plane, G plane, B plane
 * @param labels      class of each image: index into {@code classNames} (the main object's kind)
 * @param tags        observed (noisy) tags of each image: sorted indices into {@code vocabulary}
 * @param scenes      the hidden scene of each image: index into {@code sceneNames} (ground truth for
 *                    cluster analysis; not a training target)
 * @param classNames  class names
 * @param vocabulary  tag vocabulary
 * @param sceneNames  scene names
 */
public record SampleSet(
        long seed,
        int imageSize,
        byte[] pixels,
        int[] labels,
        int[][] tags,
        int[] scenes,
        List<String> classNames,
        List<String> vocabulary,
        List<String> sceneNames) {

    public static final int CHANNELS = 3;

    public SampleSet {
        int n = labels.length;
        if (tags.length != n || scenes.length != n || pixels.length != (long) n * CHANNELS * imageSize * imageSize) {
            throw new IllegalArgumentException("sample set of " + n + " labels has " + tags.length + " tag sets, "
                    + scenes.length + " scenes and " + pixels.length + " pixel bytes: expected one of each per image");
        }
        classNames = List.copyOf(classNames);
        vocabulary = List.copyOf(vocabulary);
        sceneNames = List.copyOf(sceneNames);
    }

    public int size() {
        return labels.length;
    }

    /** Bytes per image: 3 x imageSize x imageSize. */
    public int imageBytes() {
        return CHANNELS * imageSize * imageSize;
    }
}
