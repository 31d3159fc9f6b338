package org.moeworkbench.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The papers' published tables shipped as CSV resources (papers/README.md cites each): the Sweet Spot
 * paper's Tables 1, 2, 14 and the Hard MoE paper's Table 1 are what the Pareto and MoE-gain figures overlay.
 */
public final class PaperTables {
    public static final String FOLDER = "papers/";
    public static final List<String> FILES = List.of(
            "videau_in1k_table1.csv",
            "videau_in21k_table2.csv",
            "videau_placement_in1k_table3.csv",
            "videau_experts_in1k_table4.csv",
            "videau_in21k_table8.csv",
            "videau_robustness_table9.csv",
            "videau_gates_table10.csv",
            "videau_hyperparameters_table12.csv",
            "videau_moe_vs_dense_table14.csv",
            "gross_yfcc100m_table1.csv",
            "gross_transfer_table2.csv",
            "gross_imagenet_table4.csv",
            "gross_instagram_food_table5.csv",
            "gross_yfcc100m_fig4_params_derived.csv");

    private static final Pattern EXPERT_SUFFIX = Pattern.compile("^[^ ,]*?-[A-Za-z](/\\d+)?-\\d+([ ,].*)?$");

    private PaperTables() {}

    /** A table: column names and rows (column name to cell text, "" for an empty cell). */
    public record Table(String file, List<String> columns, List<Map<String, String>> rows) {

        /** The cell as a number, NaN when empty. */
        public static double number(Map<String, String> row, String column) {
            String v = row.get(column);
            if (v == null) {
                throw new IllegalArgumentException("no column " + column);
            }
            return v.isBlank() ? Double.NaN : Double.parseDouble(v.trim());
        }
    }

    /** One point of a published figure. */
    public record Point(
            String model, String group, double paramsM, double paramsActiveM, double accuracy, boolean moe) {}

    /** One point of Sweet Spot Fig. 4: dense baseline top-1 and MoE gain, both in percent (points). */
    public record GainPoint(String model, String group, double denseAccuracy, double gain) {}

    public static Table read(String file) {
        try (InputStream in = PaperTables.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no paper table " + file + "; known: " + FILES);
            }
            List<List<String>> lines = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<String> columns = lines.get(0);
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<String> line : lines.subList(1, lines.size())) {
                if (line.size() != columns.size()) {
                    throw new IllegalStateException(
                            file + ": row " + line + " has " + line.size() + " cells, header " + columns.size());
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int c = 0; c < columns.size(); c++) {
                    row.put(columns.get(c), line.get(c));
                }
                rows.add(row);
            }
            return new Table(file, columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180 CSV: commas, double-quoted cells with "" for a quote, one record per line. */
    static List<List<String>> parse(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                cells.add(cell.toString());
                cell.setLength(0);
                if (!(cells.size() == 1 && cells.get(0).isEmpty())) {
                    lines.add(cells);
                }
                cells = new ArrayList<>();
            } else {
                cell.append(ch);
            }
        }
        if (cell.length() > 0 || !cells.isEmpty()) {
            cells.add(cell.toString());
            lines.add(cells);
        }
        return lines;
    }

    /** True when a Table 14 model name is an MoE model (README rule). */
    public static boolean isMoeName(String model) {
        return model.contains("MoE")
                || model.contains("Every 2")
                || model.contains("Last 2")
                || EXPERT_SUFFIX.matcher(model).matches();
    }

    /**
     * Sweet Spot Fig. 2 data (Table 14): params total and active in millions, top-1 in percent; group is
     * the pretraining set (ImageNet-21k, JFT-300M, JFT-3B).
     */
    public static List<Point> sweetSpotFigure2() {
        List<Point> points = new ArrayList<>();
        for (Map<String, String> row : read("videau_moe_vs_dense_table14.csv").rows()) {
            points.add(new Point(
                    row.get("model") + " (" + row.get("source") + ")",
                    row.get("pretrain"),
                    Table.number(row, "params_m"),
                    Table.number(row, "params_active_m"),
                    Table.number(row, "in1k_top1"),
                    isMoeName(row.get("model"))));
        }
        return points;
    }

    /** Gross Fig. 4 data: derived params (millions) and Table 1's q@10 (percent); the oracle row is left out. */
    public static List<Point> grossFigure4() {
        Map<String, Double> params = new LinkedHashMap<>();
        for (Map<String, String> row :
                read("gross_yfcc100m_fig4_params_derived.csv").rows()) {
            params.put(row.get("model"), Table.number(row, "params_m"));
        }
        List<Point> points = new ArrayList<>();
        for (Map<String, String> row : read("gross_yfcc100m_table1.csv").rows()) {
            Double p = params.get(row.get("model"));
            if (p != null) {
                boolean moe = Table.number(row, "experts") > 0;
                points.add(new Point(
                        row.get("model"),
                        moe ? "hard MoE" : row.get("decoder").isEmpty() ? "dense" : row.get("decoder"),
                        p,
                        moe ? 2 * params.get(row.get("base")) : p,
                        Table.number(row, "q_at_10"),
                        moe));
            }
        }
        return points;
    }

    /**
     * Sweet Spot Fig. 4 data: per MoE row of Tables 1 (ImageNet-1k) and 2 (ImageNet-21k), the dense
     * baseline's top-1 and the MoE gain, both in percent (points).
     */
    public static List<GainPoint> sweetSpotFigure4() {
        List<GainPoint> points = new ArrayList<>();
        for (String[] table :
                new String[][] {{"videau_in1k_table1.csv", "ImageNet-1k"}, {"videau_in21k_table2.csv", "ImageNet-21k"}
                }) {
            List<Map<String, String>> rows = read(table[0]).rows();
            for (Map<String, String> moe : rows) {
                if (Table.number(moe, "experts") == 0) {
                    continue;
                }
                for (Map<String, String> dense : rows) {
                    if (Table.number(dense, "experts") == 0
                            && dense.get("backbone").equals(moe.get("backbone"))) {
                        double base = Table.number(dense, "in1k_top1");
                        points.add(
                                new GainPoint(moe.get("model"), table[1], base, Table.number(moe, "in1k_top1") - base));
                    }
                }
            }
        }
        return points;
    }
}
