package org.moeworkbench.engine.train;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.engine.data.Batch;
import org.moeworkbench.engine.data.BatchOptions;
import org.moeworkbench.engine.data.BatchStream;
import org.moeworkbench.engine.data.DatasetSplit;
import org.moeworkbench.engine.data.Datasets;
import org.moeworkbench.engine.data.ImageDataset;
import org.moeworkbench.engine.data.Normalization;
import org.nd4j.linalg.factory.Nd4j;

/** The trainer's view of an {@link ImageDataset}: seeded, augmented training batches from a {@link BatchStream}. */
public final class DatasetTrainingData implements TrainingData {
    private final ImageDataset dataset;
    private final ExperimentConfig config;
    private final Task task;
    private BatchStream training;

    public DatasetTrainingData(ImageDataset dataset, ExperimentConfig config) {
        this.dataset = dataset;
        this.config = config;
        this.task = config.data().task();
    }

    /** Opens the dataset the config names. */
    public static TrainingData open(ExperimentConfig config) {
        return new DatasetTrainingData(Datasets.open(config.data()), config);
    }

    public ImageDataset dataset() {
        return dataset;
    }

    @Override
    public int classes() {
        return task == Task.CLASSES
                ? dataset.classNames().size()
                : dataset.tagVocabulary().size();
    }

    @Override
    public int channels() {
        return dataset.channels();
    }

    @Override
    public String hash() {
        return dataset.sha256();
    }

    private DatasetSplit split(Split split) {
        return switch (split) {
            case TRAIN -> dataset.train();
            case VALIDATION -> dataset.validation();
            case TEST -> dataset.test();
        };
    }

    @Override
    public int size(Split split) {
        return split(split).size();
    }

    private BatchStream training(long seed, int batchSize) {
        if (training == null) {
            training = new BatchStream(
                    dataset, dataset.train(), BatchOptions.training(config.data(), config.augment(), batchSize, seed));
        }
        return training;
    }

    @Override
    public int stepsPerEpoch(int batchSize) {
        return training(config.seed(), batchSize).batchesPerEpoch();
    }

    @Override
    public Iterator<Batch> trainBatches(long seed, int epoch, int batchSize, int skipBatches) {
        BatchStream stream = training(seed, batchSize);
        if (skipBatches == 0) {
            return new Closing(stream.epoch(epoch));
        }
        // a resumed epoch: batch b depends only on (seed, epoch, b), so the rest can be prepared directly
        return new Iterator<>() {
            private int next = skipBatches;

            @Override
            public boolean hasNext() {
                return next < stream.batchesPerEpoch();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return Batch.of(stream.prepare(epoch, next++));
            }
        };
    }

    @Override
    public Iterator<Batch> evaluationBatches(Split split, int batchSize) {
        DatasetSplit s = split(split);
        if (s.size() == 0) {
            return java.util.Collections.emptyIterator();
        }
        return new Closing(new BatchStream(dataset, s, BatchOptions.evaluation(task, batchSize)).epoch(0));
    }

    @Override
    public Batch testImages(int[] indices) {
        DatasetSplit test = dataset.test();
        Normalization norm = dataset.normalization();
        int c = test.channels();
        int hw = test.height() * test.width();
        float[] x = new float[indices.length * c * hw];
        float[] y = new float[indices.length * classes()];
        byte[] image = new byte[test.imageBytes()];
        for (int n = 0; n < indices.length; n++) {
            test.copyImage(indices[n], image, 0);
            for (int i = 0; i < image.length; i++) {
                x[n * image.length + i] = norm.apply(i / hw, image[i] & 0xFF);
            }
            int label = testLabel(indices[n]);
            if (label >= 0) {
                y[n * classes() + label] = 1f;
            }
        }
        return new Batch(
                Nd4j.create(x, new long[] {indices.length, c, test.height(), test.width()}, 'c'),
                Nd4j.create(y, new long[] {indices.length, classes()}, 'c'));
    }

    @Override
    public int testLabel(int index) {
        DatasetSplit test = dataset.test();
        if (task == Task.CLASSES) {
            return test.label(index);
        }
        int[] tags = test.tags(index);
        return tags.length == 0 ? -1 : tags[0];
    }

    /** An epoch iterator that stops its prefetch thread when the trainer closes it. */
    private static final class Closing implements Iterator<Batch>, AutoCloseable {
        private final BatchStream.EpochIterator epoch;

        Closing(BatchStream.EpochIterator epoch) {
            this.epoch = epoch;
        }

        @Override
        public boolean hasNext() {
            return epoch.hasNext();
        }

        @Override
        public Batch next() {
            return Batch.of(epoch.nextData());
        }

        @Override
        public void close() {
            epoch.close();
        }
    }
}
