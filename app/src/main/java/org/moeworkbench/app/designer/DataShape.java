package org.moeworkbench.app.designer;

import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.data.Datasets;
import org.moeworkbench.engine.data.ImageDataset;

/**
 * What the totals need to know about a dataset: classes, channels and split sizes.
 *
 * @param classes          classifier outputs (classes, or tags for the tag task)
 * @param channels         input channels
 * @param trainImages      images per training epoch (after the validation hold-out)
 * @param validationImages images of the validation pass
 * @param description      one line for the designer
 */
public record DataShape(int classes, int channels, int trainImages, int validationImages, String description) {

    /** Share of the generated sample images that form the test split (engine SampleSource). */
    private static final double SAMPLE_TEST_FRACTION = 0.2;

    /** The sample set's shape, known without generating it. */
    public static DataShape ofSample(DataConfig data) {
        int images = data.sampleImages();
        int train = images - (int) Math.round(images * SAMPLE_TEST_FRACTION);
        int validation = (int) Math.round(train * data.validationFraction());
        int classes = data.task() == Task.TAGS ? 119 : 10;
        return new DataShape(
                classes,
                3,
                train - validation,
                validation,
                String.format(
                        java.util.Locale.ROOT,
                        "sample data: %,d generated %dx%d images (%,d train, %,d validation, %,d test), 10 classes,"
                                + " 119 tags",
                        images,
                        data.imageSize(),
                        data.imageSize(),
                        train - validation,
                        validation,
                        images - train));
    }

    /**
     * Opens the dataset (slow for large files: call it off the UI thread). Throws the engine's
     * DatasetException / InvalidConfigException with a message naming the problem.
     */
    public static DataShape probe(DataConfig data) {
        if (data.source().equals("sample")) {
            return ofSample(data);
        }
        ImageDataset dataset = Datasets.open(data);
        int classes = data.task() == Task.TAGS
                ? dataset.tagVocabulary().size()
                : dataset.classNames().size();
        return new DataShape(
                classes,
                dataset.channels(),
                dataset.train().size(),
                dataset.validation().size(),
                dataset.name() + ": " + dataset.train().size() + " train, "
                        + dataset.validation().size()
                        + " validation, " + dataset.test().size() + " test images, " + classes + " "
                        + data.task() + ", " + dataset.channels() + " channel(s)");
    }
}
