package org.moeworkbench.engine.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.moeworkbench.engine.data.Batch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Three Gaussian blobs as 1x4x4 "images": a dataset a softmax regression learns in a few steps. */
public final class BlobData implements TrainingData {
    public static final int CLASSES = 3;
    public static final int SIDE = 4;
    public static final int INPUTS = SIDE * SIDE;

    private final float[][] train;
    private final int[] trainLabels;
    private final float[][] validation;
    private final int[] validationLabels;
    private final float[][] test;
    private final int[] testLabels;

    public BlobData(int trainSize, int validationSize, int testSize) {
        Random random = new Random(11);
        float[][] centres = new float[CLASSES][INPUTS];
        for (float[] c : centres) {
            for (int i = 0; i < INPUTS; i++) {
                c[i] = (float) random.nextGaussian();
            }
        }
        trainLabels = new int[trainSize];
        train = make(random, centres, trainLabels);
        validationLabels = new int[validationSize];
        validation = make(random, centres, validationLabels);
        testLabels = new int[testSize];
        test = make(random, centres, testLabels);
    }

    private static float[][] make(Random random, float[][] centres, int[] labels) {
        float[][] images = new float[labels.length][INPUTS];
        for (int n = 0; n < labels.length; n++) {
            labels[n] = n % CLASSES;
            for (int i = 0; i < INPUTS; i++) {
                images[n][i] = centres[labels[n]][i] + (float) random.nextGaussian();
            }
        }
        return images;
    }

    @Override
    public int classes() {
        return CLASSES;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public String hash() {
        return "blobs-" + train.length + "-" + validation.length + "-" + test.length;
    }

    @Override
    public int size(Split split) {
        return switch (split) {
            case TRAIN -> train.length;
            case VALIDATION -> validation.length;
            case TEST -> test.length;
        };
    }

    @Override
    public int stepsPerEpoch(int batchSize) {
        return (train.length + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> trainBatches(long seed, int epoch, int batchSize, int skipBatches) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < train.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        List<Batch> batches = new ArrayList<>();
        for (int from = skipBatches * batchSize; from < order.size(); from += batchSize) {
            int[] idx = order.subList(from, Math.min(order.size(), from + batchSize)).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            batches.add(batch(train, trainLabels, idx));
        }
        return batches.iterator();
    }

    @Override
    public Iterator<Batch> evaluationBatches(Split split, int batchSize) {
        float[][] images = split == Split.VALIDATION ? validation : split == Split.TEST ? test : train;
        int[] labels = split == Split.VALIDATION ? validationLabels : split == Split.TEST ? testLabels : trainLabels;
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < images.length; from += batchSize) {
            int[] idx = new int[Math.min(batchSize, images.length - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            batches.add(batch(images, labels, idx));
        }
        return batches.iterator();
    }

    @Override
    public Batch testImages(int[] indices) {
        return batch(test, testLabels, indices);
    }

    @Override
    public int testLabel(int index) {
        return testLabels[index];
    }

    private static Batch batch(float[][] images, int[] labels, int[] idx) {
        INDArray features = Nd4j.create(DataType.FLOAT, idx.length, 1, SIDE, SIDE);
        INDArray targets = Nd4j.zeros(DataType.FLOAT, idx.length, CLASSES);
        for (int n = 0; n < idx.length; n++) {
            for (int i = 0; i < INPUTS; i++) {
                features.putScalar(new long[] {n, 0, i / SIDE, i % SIDE}, images[idx[n]][i]);
            }
            targets.putScalar(n, labels[idx[n]], 1f);
        }
        return new Batch(features, targets);
    }
}
