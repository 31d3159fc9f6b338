package org.moeworkbench.plots;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * One figure, independent of how it is shown: {@link FigureRenderer} writes it to PNG and SVG,
 * the app's {@code FigureNodes} makes the interactive JavaFX node, both through the same JFreeChart built by
 * {@link FigureCharts}. Build figures with {@link Figures}.
 *
 * @param id       file-name stem, e.g. {@code load} or {@code similarity-block-4}
 * @param title    the title a paper could use
 * @param subtitle a second line (run id, snapshot, counts), may be empty
 * @param kind     what is drawn
 * @param x        the horizontal axis (for {@link Kind#BARS}: its categories)
 * @param y        the vertical axis
 * @param series   the data of XY and bar figures (bars: one value per x category)
 * @param heatmap  the matrix of a {@link Kind#HEATMAP}, else null
 * @param images   the tiles of a {@link Kind#IMAGES} figure, else null
 */
public record Figure(
        String id,
        String title,
        String subtitle,
        Kind kind,
        Axis x,
        Axis y,
        List<Series> series,
        Heatmap heatmap,
        ImageGrid images) {

    public Figure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        subtitle = subtitle == null ? "" : subtitle;
        series = series == null ? List.of() : List.copyOf(series);
        if (kind == Kind.HEATMAP && heatmap == null) {
            throw new IllegalArgumentException("figure " + id + ": a heatmap figure needs a heatmap");
        }
        if (kind == Kind.IMAGES && images == null) {
            throw new IllegalArgumentException("figure " + id + ": an image figure needs images");
        }
    }

    /** Lines, steps and points on numeric (or category) axes. */
    public static Figure xy(String id, String title, String subtitle, Axis x, Axis y, List<Series> series) {
        return new Figure(id, title, subtitle, Kind.XY, x, y, series, null, null);
    }

    /** Grouped bars: x categories, one bar per series. */
    public static Figure bars(String id, String title, String subtitle, Axis x, Axis y, List<Series> series) {
        return new Figure(id, title, subtitle, Kind.BARS, x, y, series, null, null);
    }

    public enum Kind {
        /** lines, steps and points on numeric axes */
        XY,
        /** grouped bars: x categories, one bar per series */
        BARS,
        /** a matrix with a colour bar */
        HEATMAP,
        /** rows of image tiles */
        IMAGES
    }

    /**
     * @param label      what the axis shows
     * @param unit       unit, shown in brackets after the label; empty if none
     * @param log        logarithmic scale
     * @param categories category names (bars, heatmap rows/columns, image grid rows); empty for numeric axes
     * @param min        lower bound, NaN for automatic
     * @param max        upper bound, NaN for automatic
     */
    public record Axis(String label, String unit, boolean log, List<String> categories, double min, double max) {
        public Axis {
            unit = unit == null ? "" : unit;
            categories = categories == null ? List.of() : List.copyOf(categories);
        }

        public static Axis of(String label, String unit) {
            return new Axis(label, unit, false, List.of(), Double.NaN, Double.NaN);
        }

        public static Axis log(String label, String unit) {
            return new Axis(label, unit, true, List.of(), Double.NaN, Double.NaN);
        }

        public static Axis categories(String label, List<String> categories) {
            return new Axis(label, "", false, categories, Double.NaN, Double.NaN);
        }

        public Axis range(double lower, double upper) {
            return new Axis(label, unit, log, categories, lower, upper);
        }

        /** "label (unit)". */
        public String title() {
            return unit.isEmpty() ? label : label + " (" + unit + ")";
        }
    }

    public enum Style {
        LINE,
        DASHED_LINE,
        POINTS,
        OPEN_POINTS,
        LINE_POINTS,
        STEP,
        BARS
    }

    /**
     * @param name   legend entry
     * @param x      x values (ignored by bars)
     * @param y      y values (bars: one per x category)
     * @param style  how it is drawn
     * @param labels per-point tooltip text (run ids, model names), or null
     * @param colour index into {@link Palette#series}, or -1 for the series' position
     * @param yError per-point error bar half-height (a standard deviation over seeds; NaN: none), or null
     */
    public record Series(
            String name, double[] x, double[] y, Style style, List<String> labels, int colour, double[] yError) {
        public Series {
            if (x != null && x.length != y.length) {
                throw new IllegalArgumentException(
                        "series " + name + ": " + x.length + " x values, " + y.length + " y");
            }
            if (yError != null && yError.length != y.length) {
                throw new IllegalArgumentException(
                        "series " + name + ": " + yError.length + " error bars, " + y.length + " y");
            }
            labels = labels == null ? List.of() : List.copyOf(labels);
        }

        public static Series of(String name, double[] x, double[] y, Style style) {
            return new Series(name, x, y, style, null, -1, null);
        }

        public static Series bars(String name, double[] values) {
            return new Series(name, null, values, Style.BARS, null, -1, null);
        }

        public Series withLabels(List<String> pointLabels) {
            return new Series(name, x, y, style, pointLabels, colour, yError);
        }

        public Series withColour(int paletteIndex) {
            return new Series(name, x, y, style, labels, paletteIndex, yError);
        }

        /** The same series with error bars of these half-heights (NaN where a point has none). */
        public Series withErrors(double[] halfHeights) {
            return new Series(name, x, y, style, labels, colour, halfHeights);
        }

        public boolean hasErrors() {
            if (yError == null) {
                return false;
            }
            for (double e : yError) {
                if (!Double.isNaN(e)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param values     [row][column]
     * @param valueLabel the colour bar's title (with unit)
     * @param min        colour bar lower end
     * @param max        colour bar upper end
     */
    public record Heatmap(double[][] values, String valueLabel, double min, double max) {}

    /**
     * @param rows    one row of tiles per entry (row label on the vertical axis)
     * @param columns column labels (may be empty)
     * @param legend  colour legend entries (e.g. experts), may be empty
     */
    public record ImageGrid(List<ImageRow> rows, List<String> columns, List<LegendEntry> legend) {
        public ImageGrid {
            rows = List.copyOf(rows);
            columns = columns == null ? List.of() : List.copyOf(columns);
            legend = legend == null ? List.of() : List.copyOf(legend);
        }

        public int maxColumns() {
            int max = 0;
            for (ImageRow row : rows) {
                max = Math.max(max, row.tiles().size());
            }
            return Math.max(max, columns.size());
        }
    }

    public record ImageRow(String label, List<BufferedImage> tiles) {
        public ImageRow {
            tiles = List.copyOf(tiles);
        }
    }

    /** @param argb colour of the entry */
    public record LegendEntry(String name, int argb) {}
}
