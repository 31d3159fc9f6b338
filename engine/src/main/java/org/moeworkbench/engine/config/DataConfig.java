package org.moeworkbench.engine.config;

import java.util.List;

/**
 * Where the images come from and how they are split and sampled.
 *
 * @param source             {@code sample} (the generated default) or a file / folder path
 * @param format             {@code auto}, {@code sample}, {@code idx}, {@code cifar10}, {@code cifar100},
 *                           {@code tagged-folder} (images + tags CSV) or {@code class-folder}
 * @param imageSize          images are resized / centre-cropped to this square size
 * @param sampleImages       number of generated images (format sample only)
 * @param sampleSeed         generator seed (format sample only)
 * @param validationFraction share of the training images held out for validation when the source has
 *                           no validation split
 * @param task               {@code classes} (single label) or {@code tags} (multi-label tag prediction)
 * @param sampling           {@code uniform} or {@code per-tag} (Gross et al. section 4.2)
 * @param skipBadRecords     skip undecodable records (and report how many) instead of failing
 */
public record DataConfig(
        String source,
        String format,
        int imageSize,
        int sampleImages,
        long sampleSeed,
        double validationFraction,
        Task task,
        Sampling sampling,
        boolean skipBadRecords) {

    public static final List<String> FORMATS =
            List.of("auto", "sample", "idx", "cifar10", "cifar100", "tagged-folder", "class-folder");

    /** Largest image side: 100,000 pixels made token counts overflow {@code int}. */
    public static final int MAX_IMAGE_SIZE = 2048;

    public DataConfig {
        InvalidConfigException.require(
                source != null && !source.isBlank(),
                "data.source",
                source,
                "\"sample\" or a path to a dataset file or folder");
        InvalidConfigException.require(FORMATS.contains(format), "data.format", format, "one of " + FORMATS);
        InvalidConfigException.require(
                imageSize >= 4 && imageSize <= MAX_IMAGE_SIZE,
                "data.imageSize",
                imageSize,
                "4 to " + MAX_IMAGE_SIZE + " pixels");
        InvalidConfigException.require(sampleImages >= 10, "data.sampleImages", sampleImages, "at least 10 images");
        InvalidConfigException.requireUnitInterval(validationFraction, "data.validationFraction", "fraction");
        ConfigChoice.require(task, Task.class, "data.task");
        ConfigChoice.require(sampling, Sampling.class, "data.sampling");
        InvalidConfigException.require(
                sampling != Sampling.PER_TAG || task == Task.TAGS,
                "data.sampling",
                sampling,
                "\"uniform\" unless data.task is \"tags\"");
    }

    /** The embedded default: 20,000 generated 32x32 images. */
    public static DataConfig sample() {
        return new DataConfig("sample", "sample", 32, 20_000, 7, 0.1, Task.CLASSES, Sampling.UNIFORM, false);
    }
}
