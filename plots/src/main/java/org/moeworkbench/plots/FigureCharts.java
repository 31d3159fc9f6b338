package org.moeworkbench.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Builds the JFreeChart of a {@link Figure}: the one chart that is drawn to PNG, to SVG and in the JavaFX
 * node, so the three always agree.
 */
public final class FigureCharts {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font AXIS = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /** Category axes with more names than this show numbers instead (1000 ImageNet classes do not fit). */
    private static final int MAX_NAMED_CATEGORIES = 40;

    static {
        // JFreeChart draws rotated text (the y-axis titles) as TextLayout outlines by default, a workaround for
        // old JDKs; with it off, SVG keeps them as <text> (searchable, editable, testable).
        org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private FigureCharts() {}

    public static JFreeChart chart(Figure figure) {
        JFreeChart chart = switch (figure.kind()) {
            case XY -> xy(figure);
            case BARS -> bars(figure);
            case HEATMAP -> heatmap(figure);
            case IMAGES -> images(figure);
        };
        chart.setTitle(new TextTitle(figure.title(), TITLE));
        if (!figure.subtitle().isEmpty()) {
            chart.addSubtitle(0, new TextTitle(figure.subtitle(), SUBTITLE));
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setFrame(BlockBorder.NONE);
            legend.setItemFont(TICKS);
        }
        return chart;
    }

    private static JFreeChart xy(Figure figure) {
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(axis(figure.x()));
        plot.setRangeAxis(axis(figure.y()));
        style(plot);
        List<Figure.Series> series = figure.series();
        for (int i = 0; i < series.size(); i++) {
            Figure.Series s = series.get(i);
            XYSeries data = new XYSeries(s.name(), false, true);
            // points with error bars (means over seeds) need an interval dataset; XYErrorRenderer draws the bars
            org.jfree.data.xy.YIntervalSeries intervals = new org.jfree.data.xy.YIntervalSeries(s.name(), false, true);
            for (int p = 0; p < s.y().length; p++) {
                if (!Double.isNaN(s.x()[p]) && !Double.isNaN(s.y()[p])) {
                    data.add(s.x()[p], s.y()[p]);
                    double e = s.yError() == null || Double.isNaN(s.yError()[p]) ? 0 : s.yError()[p];
                    intervals.add(s.x()[p], s.y()[p], s.y()[p] - e, s.y()[p] + e);
                }
            }
            if (s.hasErrors()) {
                org.jfree.data.xy.YIntervalSeriesCollection withErrors =
                        new org.jfree.data.xy.YIntervalSeriesCollection();
                withErrors.addSeries(intervals);
                plot.setDataset(i, withErrors);
            } else {
                plot.setDataset(i, new XYSeriesCollection(data));
            }
            XYLineAndShapeRenderer renderer = renderer(s, Palette.series(s.colour() >= 0 ? s.colour() : i));
            if (data.getItemCount() > 0 && data.getMinX() == data.getMaxX()) {
                // a line over one x (a 1-step or 1-epoch run) has no length and would draw nothing: mark its points
                renderer.setSeriesShapesVisible(0, true);
            }
            plot.setRenderer(i, renderer);
        }
        // Later series (fronts, overlays) are drawn on top of the earlier point clouds.
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        plot.setDomainAxis(linearWithinADecade(plot.getDomainAxis(), figure.x(), series, true));
        plot.setRangeAxis(linearWithinADecade(plot.getRangeAxis(), figure.y(), series, false));
        widenNarrowRange(plot.getDomainAxis(), series, true);
        widenNarrowRange(plot.getRangeAxis(), series, false);
        keepPercentWithin100(plot.getRangeAxis(), figure.y(), series);
        if (series.stream()
                .anyMatch(s -> s.style() == Figure.Style.POINTS
                        && !s.labels().isEmpty()
                        && s.labels().size() <= MAX_NAMED_POINTS)) {
            // room for the name right of the rightmost point
            plot.getDomainAxis().setLowerMargin(0.05);
            plot.getDomainAxis().setUpperMargin(0.2);
        }
        return new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, series.size() > 1);
    }

    /**
     * A log axis over values within one decade (runs of 1.0M to 1.3M params) has no power of ten to label and
     * showed no or repeated labels ("1M 1M 1M"); such data gets a linear axis with compact labels (1.05M) instead.
     */
    static ValueAxis linearWithinADecade(
            ValueAxis axis, Figure.Axis a, List<Figure.Series> series, boolean horizontal) {
        if (!(axis instanceof LogAxis) || !axis.isAutoRange()) {
            return axis;
        }
        java.util.DoubleSummaryStatistics positive =
                finiteValues(series, horizontal).filter(v -> v > 0).summaryStatistics();
        if (positive.getCount() == 0 || positive.getMax() / positive.getMin() >= 10) {
            return axis;
        }
        NumberAxis linear = new NumberAxis(axis.getLabel().replace(", log scale", "")); // it is linear now
        linear.setAutoRangeIncludesZero(false);
        java.text.NumberFormat compact = java.text.NumberFormat.getCompactNumberInstance(
                java.util.Locale.ROOT, java.text.NumberFormat.Style.SHORT);
        compact.setMaximumFractionDigits(2);
        linear.setNumberFormatOverride(compact);
        return fontsAndRange(linear, a);
    }

    /**
     * An automatic linear axis over one value (a 1-step run's loss, a 1-epoch run's accuracy) or a nearly constant
     * one would get a span of 1e-8 and ticks that all print alike ("1.901735E-2" five times, "1E1 1E1"). It spans at
     * least a fifth of the values' magnitude instead (1 around zero), and an axis of whole numbers (steps, epochs)
     * gets whole-number ticks over at least 2, so the ticks differ and read well.
     */
    static void widenNarrowRange(ValueAxis axis, List<Figure.Series> series, boolean horizontal) {
        if (!(axis instanceof NumberAxis number) || !axis.isAutoRange()) {
            return;
        }
        double[] values = finiteValues(series, horizontal).toArray();
        double magnitude = java.util.Arrays.stream(values).map(Math::abs).max().orElse(0);
        if (values.length > 0 && java.util.Arrays.stream(values).allMatch(v -> v == Math.rint(v))) {
            number.setStandardTickUnits(NumberAxis.createIntegerTickUnits(java.util.Locale.ROOT));
            number.setAutoRangeMinimumSize(Math.max(2, magnitude / 5));
        } else {
            number.setAutoRangeMinimumSize(magnitude > 0 ? magnitude / 5 : 1);
        }
    }

    /**
     * A percentage axis widened around values near 0 or 100 would run past them (q@10 of 100% drew 90-110%): the
     * widened span is shifted to stay within 0-100 when the values do.
     */
    static void keepPercentWithin100(ValueAxis axis, Figure.Axis spec, List<Figure.Series> series) {
        if (!(axis instanceof NumberAxis number)
                || !axis.isAutoRange()
                || !spec.unit().equals("%")) {
            return;
        }
        double[] values = finiteValues(series, false).toArray();
        if (values.length == 0) {
            return;
        }
        double lo = java.util.Arrays.stream(values).min().orElseThrow();
        double hi = java.util.Arrays.stream(values).max().orElseThrow();
        double span = number.getAutoRangeMinimumSize();
        if (lo < 0 || hi > 100 || hi - lo >= span) {
            return;
        }
        double centre = (lo + hi) / 2;
        double lower = Math.max(0, Math.min(centre - span / 2, 100 - span));
        // a sliver over 100 (no tick there) so that points at 100 and their names are not cut in half
        axis.setRange(lower, Math.min(100, lower + span) + (hi >= 100 ? span * 0.03 : 0));
    }

    /** The finite x (or y) values of all series. */
    private static java.util.stream.DoubleStream finiteValues(List<Figure.Series> series, boolean horizontal) {
        return series.stream()
                .flatMapToDouble(s -> java.util.Arrays.stream(horizontal ? s.x() : s.y()))
                .filter(Double::isFinite);
    }

    private static XYLineAndShapeRenderer renderer(Figure.Series s, Color colour) {
        XYLineAndShapeRenderer r;
        if (s.style() == Figure.Style.STEP) {
            r = new XYStepRenderer();
        } else if (s.hasErrors()) {
            org.jfree.chart.renderer.xy.XYErrorRenderer errors = new org.jfree.chart.renderer.xy.XYErrorRenderer();
            errors.setDrawXError(false);
            errors.setCapLength(6);
            r = errors;
        } else {
            r = new XYLineAndShapeRenderer();
        }
        boolean lines = switch (s.style()) {
            case LINE, DASHED_LINE, LINE_POINTS, STEP -> true;
            default -> false;
        };
        boolean shapes = switch (s.style()) {
            case POINTS, OPEN_POINTS, LINE_POINTS -> true;
            default -> false;
        };
        r.setSeriesLinesVisible(0, lines);
        r.setSeriesShapesVisible(0, shapes);
        r.setSeriesPaint(0, colour);
        r.setSeriesStroke(
                0,
                s.style() == Figure.Style.DASHED_LINE
                        ? new BasicStroke(
                                2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                        : new BasicStroke(2f));
        r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setUseFillPaint(s.style() == Figure.Style.OPEN_POINTS);
        r.setSeriesFillPaint(0, Color.WHITE);
        r.setDrawOutlines(true);
        r.setUseOutlinePaint(false);
        if (!s.labels().isEmpty()) {
            List<String> labels = s.labels();
            r.setDefaultToolTipGenerator((dataset, series, item) -> item < labels.size()
                    ? labels.get(item)
                            + String.format(
                                    " (%.4g, %.4g)", dataset.getXValue(series, item), dataset.getYValue(series, item))
                    : null);
            if (s.style() == Figure.Style.POINTS && labels.size() <= MAX_NAMED_POINTS) {
                // a few runs: name each beside its point (Pareto), as a paper figure would
                List<String> names = pointNames(labels);
                r.setDefaultItemLabelGenerator((dataset, series, item) -> item < names.size() ? names.get(item) : null);
                r.setDefaultItemLabelFont(TICKS.deriveFont(10f));
                // right of the point: above it, names of points at 100% fell outside the plot
                r.setDefaultPositiveItemLabelPosition(new org.jfree.chart.labels.ItemLabelPosition(
                        org.jfree.chart.labels.ItemLabelAnchor.OUTSIDE3, org.jfree.chart.ui.TextAnchor.CENTER_LEFT));
                r.setDefaultItemLabelsVisible(true);
            }
        } else {
            r.setDefaultToolTipGenerator(new org.jfree.chart.labels.StandardXYToolTipGenerator());
        }
        return r;
    }

    /** Point series up to this size get visible names; more would cover each other. */
    static final int MAX_NAMED_POINTS = 12;

    /** A run id without its date prefix (yyyyMMdd-HHmmss-), which every run has and which says nothing here. */
    static String pointName(String label) {
        return label.matches("\\d{8}-\\d{6}-.*") ? label.substring(16) : label;
    }

    /**
     * Point names without the run ids' date prefix; runs whose names are alike (a 1-epoch try and the full run of one
     * config) keep the date and time of day, "sample-convnext-moe (12-07 18:13)", so each point says which run it is.
     */
    static List<String> pointNames(List<String> labels) {
        java.util.Map<String, Long> counts = labels.stream()
                .map(FigureCharts::pointName)
                .collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.stream.Collectors.counting()));
        List<String> names = new java.util.ArrayList<>(labels.size());
        for (String label : labels) {
            String name = pointName(label);
            boolean alike = counts.get(name) > 1 && !name.equals(label);
            names.add(
                    alike
                            ? String.format(
                                    "%s (%s-%s %s:%s)",
                                    name,
                                    label.substring(4, 6),
                                    label.substring(6, 8),
                                    label.substring(9, 11),
                                    label.substring(11, 13))
                            : name);
        }
        return names;
    }

    private static ValueAxis axis(Figure.Axis a) {
        ValueAxis axis;
        if (!a.categories().isEmpty() && a.categories().size() <= MAX_NAMED_CATEGORIES) {
            axis = new SymbolAxis(a.title(), a.categories().toArray(String[]::new));
            ((SymbolAxis) axis).setGridBandsVisible(false);
        } else if (a.log()) {
            LogAxis log = new OneTwoFiveLogAxis(a.title());
            log.setBase(10);
            log.setSmallestValue(1e-9);
            // 2.5M, 300M, 1.2B rather than 10^6.40
            java.text.NumberFormat compact = java.text.NumberFormat.getCompactNumberInstance(
                    java.util.Locale.ROOT, java.text.NumberFormat.Style.SHORT);
            compact.setMaximumFractionDigits(1);
            log.setNumberFormatOverride(compact);
            axis = log;
        } else {
            NumberAxis number = new NumberAxis(a.title());
            number.setAutoRangeIncludesZero(false);
            axis = number;
        }
        return fontsAndRange(axis, a);
    }

    /** The figures' axis fonts, and the axis's fixed range if it has one. */
    private static ValueAxis fontsAndRange(ValueAxis axis, Figure.Axis a) {
        axis.setLabelFont(AXIS);
        axis.setTickLabelFont(TICKS);
        if (!Double.isNaN(a.min()) && !Double.isNaN(a.max())) {
            axis.setRange(a.min(), a.max());
        }
        if (axis instanceof NumberAxis number && a.unit().equals("count")) {
            // counts of experts or patches: 0 1 2 3 4, not 0.0 0.2 0.4
            number.setStandardTickUnits(NumberAxis.createIntegerTickUnits(java.util.Locale.ROOT));
        }
        return axis;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setOutlineVisible(true);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    private static JFreeChart bars(Figure figure) {
        List<String> categories = figure.x().categories();
        boolean errors = figure.series().stream().anyMatch(Figure.Series::hasErrors);
        // Error bars (std over seeds) need JFreeChart's statistical dataset and renderer; plain bars keep the plain
        // ones
        DefaultCategoryDataset plain = new DefaultCategoryDataset();
        org.jfree.data.statistics.DefaultStatisticalCategoryDataset withErrors =
                new org.jfree.data.statistics.DefaultStatisticalCategoryDataset();
        for (Figure.Series s : figure.series()) {
            for (int c = 0; c < s.y().length; c++) {
                String category = c < categories.size() ? categories.get(c) : String.valueOf(c);
                if (errors) {
                    double e = s.yError() == null ? Double.NaN : s.yError()[c];
                    withErrors.add(
                            Double.isNaN(s.y()[c]) ? null : s.y()[c], Double.isNaN(e) ? null : e, s.name(), category);
                } else {
                    plain.addValue(s.y()[c], s.name(), category);
                }
            }
        }
        org.jfree.data.category.CategoryDataset data = errors ? withErrors : plain;
        CategoryAxis x = new CategoryAxis(figure.x().title());
        x.setLabelFont(AXIS);
        x.setTickLabelFont(TICKS);
        if (categories.size() > 12) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        }
        if (categories.size() > MAX_NAMED_CATEGORIES) {
            x.setTickLabelsVisible(false);
        }
        x.setCategoryMargin(0.15);
        NumberAxis y = (NumberAxis) axisAsNumber(figure.y());
        BarRenderer renderer;
        if (errors) {
            org.jfree.chart.renderer.category.StatisticalBarRenderer statistical =
                    new org.jfree.chart.renderer.category.StatisticalBarRenderer();
            statistical.setErrorIndicatorPaint(Color.DARK_GRAY);
            renderer = statistical;
        } else {
            renderer = new BarRenderer();
        }
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.02);
        for (int i = 0; i < figure.series().size(); i++) {
            int colour = figure.series().get(i).colour();
            renderer.setSeriesPaint(i, Palette.series(colour >= 0 ? colour : i));
        }
        renderer.setDefaultToolTipGenerator(new org.jfree.chart.labels.StandardCategoryToolTipGenerator());
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        return new JFreeChart(
                null, JFreeChart.DEFAULT_TITLE_FONT, plot, figure.series().size() > 1);
    }

    private static ValueAxis axisAsNumber(Figure.Axis a) {
        return fontsAndRange(new NumberAxis(a.title()), a);
    }

    private static JFreeChart heatmap(Figure figure) {
        Figure.Heatmap h = figure.heatmap();
        int rows = h.values().length;
        int columns = rows == 0 ? 0 : h.values()[0].length;
        double[][] xyz = new double[3][rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int i = r * columns + c;
                xyz[0][i] = c;
                xyz[1][i] = r;
                xyz[2][i] = h.values()[r][c];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(figure.id(), xyz);
        ValueAxis x = axis(figure.x());
        ValueAxis y = axis(figure.y());
        x.setRange(-0.5, columns - 0.5);
        y.setRange(-0.5, rows - 0.5);
        y.setInverted(true); // row 0 at the top, as a matrix is read
        double lo = h.min();
        double hi = h.max() > h.min() ? h.max() : h.min() + 1;
        PaintScale scale = viridisScale(lo, hi);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        renderer.setDefaultToolTipGenerator((dataset, series, item) -> String.format(
                "row %d, column %d: %.4g",
                (int) dataset.getYValue(series, item),
                (int) dataset.getXValue(series, item),
                ((DefaultXYZDataset) dataset).getZValue(series, item)));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        annotateCells(plot, h, scale, rows, columns);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis barAxis = new NumberAxis(h.valueLabel());
        barAxis.setLabelFont(AXIS);
        barAxis.setTickLabelFont(TICKS);
        barAxis.setRange(lo, hi);
        PaintScaleLegend bar = new PaintScaleLegend(scale, barAxis);
        bar.setPosition(RectangleEdge.RIGHT);
        bar.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        bar.setStripWidth(14);
        bar.setMargin(new RectangleInsets(10, 10, 10, 10));
        bar.setSubdivisionCount(128);
        chart.addSubtitle(bar);
        return chart;
    }

    /** Matrices up to this many cells show each cell's value; larger ones would be unreadable text. */
    static final int MAX_LABELLED_CELLS = 256;

    /**
     * Writes each cell's value in the cell (3 significant digits), black on light colours and white on dark ones, so
     * that a reader need not match colours against the bar.
     */
    private static void annotateCells(XYPlot plot, Figure.Heatmap h, PaintScale scale, int rows, int columns) {
        if (rows * columns > MAX_LABELLED_CELLS) {
            return;
        }
        java.awt.Font font = TICKS.deriveFont(rows * columns > 64 ? 9f : 11f);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                double v = h.values()[r][c];
                if (!Double.isFinite(v)) {
                    continue;
                }
                org.jfree.chart.annotations.XYTextAnnotation text =
                        new org.jfree.chart.annotations.XYTextAnnotation(cellText(v), c, r);
                text.setFont(font);
                Color fill = (Color) scale.getPaint(v);
                double luminance = (0.299 * fill.getRed() + 0.587 * fill.getGreen() + 0.114 * fill.getBlue()) / 255;
                text.setPaint(luminance > 0.5 ? Color.BLACK : Color.WHITE);
                plot.addAnnotation(text);
            }
        }
    }

    /** 3 significant digits without exponent for the ranges heatmaps hold (shares, similarities, counts). */
    static String cellText(double v) {
        double a = Math.abs(v);
        String format = a == 0 || a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(java.util.Locale.ROOT, format, v);
    }

    private static JFreeChart images(Figure figure) {
        Figure.ImageGrid grid = figure.images();
        int rows = grid.rows().size();
        int columns = Math.max(1, grid.maxColumns());
        // Row 0 at the top: the row axis lists the labels bottom-up.
        String[] rowLabels = new String[rows];
        for (int r = 0; r < rows; r++) {
            rowLabels[rows - 1 - r] = grid.rows().get(r).label();
        }
        SymbolAxis y = new SymbolAxis(figure.y().title(), rowLabels);
        y.setGridBandsVisible(false);
        y.setRange(-0.5, rows - 0.5);
        y.setLabelFont(AXIS);
        y.setTickLabelFont(TICKS);
        ValueAxis x;
        if (!grid.columns().isEmpty()) {
            SymbolAxis named = new SymbolAxis(figure.x().title(), grid.columns().toArray(String[]::new));
            named.setGridBandsVisible(false);
            x = named;
        } else {
            NumberAxis plain = new NumberAxis(figure.x().title());
            plain.setTickLabelsVisible(false);
            plain.setTickMarksVisible(false);
            x = plain;
        }
        x.setRange(-0.5, columns - 0.5);
        x.setLabelFont(AXIS);
        x.setTickLabelFont(TICKS);
        XYPlot plot = new XYPlot(new XYSeriesCollection(), x, y, new XYLineAndShapeRenderer());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        for (int r = 0; r < rows; r++) {
            List<BufferedImage> tiles = grid.rows().get(r).tiles();
            double top = rows - 1 - r;
            for (int c = 0; c < tiles.size(); c++) {
                plot.addAnnotation(new FittedImageAnnotation(
                        tiles.get(c), new Rectangle2D.Double(c - 0.47, top - 0.47, 0.94, 0.94)));
            }
        }
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        // Tiles are a few pixels wide: nearest-neighbour keeps their pixels (and the patch colours) sharp.
        chart.getRenderingHints()
                .put(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        if (!grid.legend().isEmpty()) {
            LegendItemCollection items = new LegendItemCollection();
            for (Figure.LegendEntry entry : grid.legend()) {
                items.add(new LegendItem(
                        entry.name(),
                        null,
                        null,
                        null,
                        new Rectangle2D.Double(-5, -5, 10, 10),
                        new Color(entry.argb(), true)));
            }
            LegendTitle legend = new LegendTitle(() -> items);
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setItemFont(TICKS);
            chart.addSubtitle(legend);
        }
        return chart;
    }

    /** Viridis colours over [lower, upper] (lower < upper), in 256 steps. */
    static PaintScale viridisScale(double lower, double upper) {
        LookupPaintScale scale = new LookupPaintScale(lower, upper, Palette.viridis(0));
        for (int i = 0; i < 256; i++) {
            scale.add(lower + (upper - lower) * i / 256, Palette.viridis(i / 255.0));
        }
        return scale;
    }
}
