package org.moeworkbench.plots;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

/**
 * A base-10 log axis with ticks at 1, 2 and 5 times a power of ten (500K 1M 2M 5M 10M), as log axes in papers read.
 * JFreeChart's {@link LogAxis} spaces ticks evenly in the exponent, which over a few decades labels 631K, 794.3K,
 * 1M, 1.3M, 1.6M: distinct, but not values a reader can interpolate between. Over more than five decades only the
 * powers of ten are labelled, so the labels do not crowd.
 */
final class OneTwoFiveLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private static final int MAX_DECADES_FOR_ONE_TWO_FIVE = 5;

    OneTwoFiveLogAxis(String label) {
        super(label);
    }

    @Override
    protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
        return ticks(anchor);
    }

    @Override
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
        return ticks(anchor);
    }

    /** The tick values for a range: 1-2-5 per decade over up to five decades, powers of ten beyond. */
    static List<Double> tickValues(double lower, double upper) {
        List<Double> values = new ArrayList<>();
        if (!(lower > 0) || !(upper > lower)) {
            return values;
        }
        int firstDecade = (int) Math.floor(Math.log10(lower));
        int lastDecade = (int) Math.ceil(Math.log10(upper));
        double[] mantissas =
                lastDecade - firstDecade <= MAX_DECADES_FOR_ONE_TWO_FIVE ? new double[] {1, 2, 5} : new double[] {1};
        for (int decade = firstDecade; decade <= lastDecade; decade++) {
            for (double mantissa : mantissas) {
                // parse the decimal form so 2e-3 is exactly what prints, not 0.0020000000000000005
                double value = Double.parseDouble(mantissa + "E" + decade);
                if (value >= lower && value <= upper) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    private List<ValueTick> ticks(TextAnchor anchor) {
        Range range = getRange();
        double lower = Math.max(range.getLowerBound(), getSmallestValue());
        List<ValueTick> ticks = new ArrayList<>();
        for (double value : tickValues(lower, range.getUpperBound())) {
            String text = getNumberFormatOverride() != null
                    ? getNumberFormatOverride().format(value)
                    : getTickUnit().valueToString(value);
            ticks.add(new NumberTick(TickType.MAJOR, value, text, anchor, TextAnchor.CENTER, 0.0));
        }
        return ticks;
    }
}
