package org.moeworkbench.engine.analysis;

import java.util.Locale;

/**
 * How every view and command shows shares (accuracy, expert load, drop rates): as percentages. Runs store them as
 * fractions 0..1 (metrics.jsonl, analysis JSON); they become percentages only where people read them, here.
 */
public final class Percent {
    /** Fraction to percent. */
    public static final double SCALE = 100;

    private Percent() {}

    /** "84.25%", or "-" for a missing value (NaN). */
    public static String text(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", SCALE * fraction) : "-";
    }

    /** "84.3%" (tables and status lines), or "-". */
    public static String shortText(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", SCALE * fraction) : "-";
    }

    /** The difference of two fractions in percentage points: "37.2 points". */
    public static String points(double fractionDifference) {
        return String.format(Locale.ROOT, "%.1f points", SCALE * fractionDifference);
    }

    /** A signed difference in percentage points: "+0.4 points", "-3.5 points". */
    public static String signedPoints(double fractionDifference) {
        return String.format(Locale.ROOT, "%+.1f points", SCALE * fractionDifference);
    }

    /** Each fraction as a percentage. */
    public static double[] of(double[] fractions) {
        double[] out = new double[fractions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = SCALE * fractions[i];
        }
        return out;
    }
}
