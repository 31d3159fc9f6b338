package org.moeworkbench.plots;

import java.awt.Color;

/** Colours of the figures: Okabe-Ito (distinguishable with colour-blindness) and a viridis ramp for heatmaps. */
public final class Palette {
    private static final Color[] SERIES = {
        new Color(0x0072B2),
        new Color(0xD55E00),
        new Color(0x009E73),
        new Color(0xCC79A7),
        new Color(0xE69F00),
        new Color(0x56B4E9),
        new Color(0xF0E442),
        new Color(0x000000),
    };
    private static final int[] VIRIDIS = {
        0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725,
    };

    private Palette() {}

    /** The i-th series colour (cycles after 8; categorical sets longer than that get hue steps). */
    public static Color series(int i) {
        return SERIES[i % SERIES.length];
    }

    /** A colour per category for up to n categories (experts): Okabe-Ito first, then evenly spaced hues. */
    public static Color category(int i, int n) {
        if (n <= SERIES.length - 1) {
            return SERIES[i];
        }
        return Color.getHSBColor((float) i / n, 0.75f, 0.85f);
    }

    /** Viridis at t in [0, 1]. */
    public static Color viridis(double t) {
        double v = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) v, VIRIDIS.length - 2);
        double f = v - i;
        Color a = new Color(VIRIDIS[i]);
        Color b = new Color(VIRIDIS[i + 1]);
        return new Color(
                (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
