package org.moeworkbench.plots.export;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.moeworkbench.plots.Figure;

/**
 * The data of one figure as CSV, in the figure's own units (axis titles name them), one header row:
 *
 * <ul>
 *   <li>lines and points: {@code series, <x axis>, <y axis>, label}, a row per point (long form);
 *   <li>bars: {@code <x axis>, <series>: <y axis>...}, a row per category;
 *   <li>heatmaps: {@code <row axis> \ <column axis>: <value>, <one column per column category>}, a row per matrix row;
 *   <li>image grids: {@code <row axis>, images}, a row per grid row with its number of tiles.
 * </ul>
 *
 * Numbers are written in full precision ({@link Double#toString}); missing values are empty.
 */
public final class FigureCsv {
    static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setRecordSeparator("\n").build();

    private FigureCsv() {}

    public static void write(Figure figure, Writer writer) throws IOException {
        CSVPrinter csv = FORMAT.print(writer);
        switch (figure.kind()) {
            case XY -> {
                csv.printRecord("series", figure.x().title(), figure.y().title(), "label");
                for (Figure.Series series : figure.series()) {
                    for (int i = 0; i < series.y().length; i++) {
                        String label =
                                i < series.labels().size() ? series.labels().get(i) : "";
                        csv.printRecord(series.name(), number(series.x()[i]), number(series.y()[i]), label);
                    }
                }
            }
            case BARS -> {
                List<String> header = new ArrayList<>();
                header.add(figure.x().title());
                for (Figure.Series s : figure.series()) {
                    header.add(s.name() + ": " + figure.y().title());
                    if (s.hasErrors()) {
                        header.add(s.name() + ": std");
                    }
                }
                csv.printRecord(header);
                List<String> categories = figure.x().categories();
                for (int c = 0; c < categories.size(); c++) {
                    List<String> row = new ArrayList<>();
                    row.add(categories.get(c));
                    for (Figure.Series series : figure.series()) {
                        row.add(c < series.y().length ? number(series.y()[c]) : "");
                        if (series.hasErrors()) {
                            row.add(c < series.yError().length ? number(series.yError()[c]) : "");
                        }
                    }
                    csv.printRecord(row);
                }
            }
            case HEATMAP -> {
                double[][] values = figure.heatmap().values();
                List<String> header = new ArrayList<>();
                header.add(figure.y().title() + " \\ " + figure.x().title() + ": "
                        + figure.heatmap().valueLabel());
                List<String> columns = figure.x().categories();
                int width = values.length == 0 ? 0 : values[0].length;
                for (int c = 0; c < width; c++) {
                    header.add(c < columns.size() ? columns.get(c) : String.valueOf(c));
                }
                csv.printRecord(header);
                List<String> rows = figure.y().categories();
                for (int r = 0; r < values.length; r++) {
                    List<String> row = new ArrayList<>();
                    row.add(r < rows.size() ? rows.get(r) : String.valueOf(r));
                    for (double v : values[r]) {
                        row.add(number(v));
                    }
                    csv.printRecord(row);
                }
            }
            case IMAGES -> {
                csv.printRecord(
                        figure.y().title().isEmpty() ? "row" : figure.y().title(), "images");
                for (Figure.ImageRow row : figure.images().rows()) {
                    csv.printRecord(row.label(), row.tiles().size());
                }
            }
        }
        csv.flush();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }
}
