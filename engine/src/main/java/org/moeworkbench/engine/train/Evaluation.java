package org.moeworkbench.engine.train;

import java.util.Iterator;
import org.moeworkbench.engine.data.Batch;
import org.moeworkbench.engine.model.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loss and top-1 accuracy of a network on a split, in inference mode. Top-1 counts a prediction as right
 * when its target weight is positive (the class for one-hot targets; any true tag for the tag task).
 *
 * @param loss     mean task loss over the images (NaN for an empty split)
 * @param accuracy share of images whose top-1 prediction is right (NaN for an empty split)
 * @param images   images evaluated
 */
public record Evaluation(double loss, double accuracy, int images) {

    public static Evaluation of(Network network, TrainingData data, TrainingData.Split split, int batchSize) {
        double lossSum = 0;
        long correct = 0;
        int images = 0;
        Iterator<Batch> batches = data.evaluationBatches(split, batchSize);
        while (batches.hasNext()) {
            Batch batch = batches.next();
            Network.EvalResult result = network.evaluate(batch.features(), batch.targets());
            int n = batch.size();
            lossSum += result.loss() * n;
            correct += correct(result.logits(), batch.targets());
            images += n;
        }
        return images == 0
                ? new Evaluation(Double.NaN, Double.NaN, 0)
                : new Evaluation(lossSum / images, (double) correct / images, images);
    }

    static long correct(INDArray logits, INDArray targets) {
        INDArray predicted = logits.argMax(1);
        long right = 0;
        for (int r = 0; r < logits.size(0); r++) {
            if (targets.getDouble(r, predicted.getLong(r)) > 0) {
                right++;
            }
        }
        return right;
    }
}
