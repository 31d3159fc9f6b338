package org.moeworkbench.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central finite differences against SameDiff's gradients for a random subset of every parameter's entries
 * (ND4J's GradCheckUtil insists on gradients for placeholders, which these graphs do not have).
 */
public final class FiniteDifferences {
    private static final double EPS = 1e-6;

    private FiniteDifferences() {}

    /** What a check found: the entries that disagree, how many entries it checked and SameDiff's gradients. */
    public record Check(List<String> mismatches, int checked, Map<String, INDArray> gradients) {}

    /** Entries whose analytic and numeric gradients disagree (relative error over maxRelative and abs over 1e-8). */
    static List<String> mismatches(
            SameDiff sd,
            Map<String, INDArray> feeds,
            String loss,
            Iterable<String> params,
            int perParam,
            double maxRelative) {
        return check(sd, feeds, loss, params, name -> perParam, maxRelative).mismatches();
    }

    /** Checks {@code entriesOf(name)} random entries of each named variable (all of a smaller one). */
    public static Check check(
            SameDiff sd,
            Map<String, INDArray> feeds,
            String loss,
            Iterable<String> params,
            ToIntFunction<String> entriesOf,
            double maxRelative) {
        Map<String, INDArray> gradients = sd.calculateGradients(feeds, toList(params));
        Random random = new Random(17);
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (String name : params) {
            INDArray value = sd.getVariable(name).getArr();
            INDArray flat = value.reshape(value.length());
            INDArray analytic = gradients.get(name);
            if (analytic == null) {
                bad.add(name + ": no gradient");
                continue;
            }
            INDArray analyticFlat = analytic.reshape(value.length());
            int entries = entriesOf.applyAsInt(name);
            for (int i = 0; i < Math.min(entries, value.length()); i++) {
                long at = value.length() <= entries ? i : random.nextInt((int) value.length());
                double original = flat.getDouble(at);
                flat.putScalar(at, original + EPS);
                double plus = sd.output(feeds, loss).get(loss).getDouble(0);
                flat.putScalar(at, original - EPS);
                double minus = sd.output(feeds, loss).get(loss).getDouble(0);
                flat.putScalar(at, original);
                double numeric = (plus - minus) / (2 * EPS);
                double a = analyticFlat.getDouble(at);
                double relative = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-12);
                if (relative > maxRelative && Math.abs(a - numeric) > 1e-8) {
                    bad.add(name + "[" + at + "]: analytic " + a + ", numeric " + numeric);
                }
                checked++;
            }
        }
        return new Check(bad, checked, gradients);
    }

    private static List<String> toList(Iterable<String> names) {
        List<String> list = new ArrayList<>();
        names.forEach(list::add);
        return list;
    }
}
