package org.moeworkbench.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central finite differences against SameDiff's gradients for a random subset of every parameter's entries
 * (ND4J's GradCheckUtil insists on gradients for placeholders, which these graphs do not have).
 */
final class FiniteDifferences {
    private static final double EPS = 1e-6;

    private FiniteDifferences() {}

    /** Entries whose analytic and numeric gradients disagree (relative error over maxRelative and abs over 1e-8). */
    static List<String> mismatches(
            SameDiff sd,
            Map<String, INDArray> feeds,
            String loss,
            Iterable<String> params,
            int perParam,
            double maxRelative) {
        Map<String, INDArray> gradients = sd.calculateGradients(feeds, toList(params));
        Random random = new Random(17);
        List<String> bad = new ArrayList<>();
        for (String name : params) {
            INDArray value = sd.getVariable(name).getArr();
            INDArray flat = value.reshape(value.length());
            INDArray analytic = gradients.get(name).reshape(value.length());
            for (int i = 0; i < Math.min(perParam, value.length()); i++) {
                long at = value.length() <= perParam ? i : random.nextInt((int) value.length());
                double original = flat.getDouble(at);
                flat.putScalar(at, original + EPS);
                double plus = sd.output(feeds, loss).get(loss).getDouble(0);
                flat.putScalar(at, original - EPS);
                double minus = sd.output(feeds, loss).get(loss).getDouble(0);
                flat.putScalar(at, original);
                double numeric = (plus - minus) / (2 * EPS);
                double a = analytic.getDouble(at);
                double relative = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-12);
                if (relative > maxRelative && Math.abs(a - numeric) > 1e-8) {
                    bad.add(name + "[" + at + "]: analytic " + a + ", numeric " + numeric);
                }
            }
        }
        return bad;
    }

    private static List<String> toList(Iterable<String> names) {
        List<String> list = new ArrayList<>();
        names.forEach(list::add);
        return list;
    }
}
