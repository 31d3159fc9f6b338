package org.moeworkbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.moeworkbench.engine.analysis.StudyTable;
import org.moeworkbench.engine.config.ConfigFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code moe study DIR [--json]}: the results of a study folder in the layout of the Sweet Spot paper's
 * Tables 3 and 4.
 */
@Command(
        name = "study",
        mixinStandardHelpOptions = true,
        description = {
            "Print a study's results (made by moe sweep) as in Sweet Spot Tables 3 and 4.",
            "One row per setting with params, active params, FLOPs and test accuracy, then the accuracy grid:",
            "rows = values of the first varied setting, columns = values of the second."
        })
public final class StudyCommand extends ConsoleCommand {

    @Parameters(paramLabel = "DIR", description = "the study folder (holds study.json)")
    Path dir;

    @Option(names = "--json", description = "the same data as JSON (accuracies as fractions 0..1)")
    boolean json;

    public StudyCommand() {}

    StudyCommand(PrintStream out, PrintStream err) {
        super(out, err);
    }

    @Override
    public Integer call() {
        StudyTable table;
        try {
            table = StudyTable.read(dir);
        } catch (IOException | ConfigFileException e) {
            err.println("cannot read the study: " + e.getMessage());
            return TrainCommand.REFUSED;
        }
        if (json) {
            out.println(CliJson.write(table));
        } else {
            print(table);
        }
        return 0;
    }

    private void print(StudyTable table) {
        long completed = table.cells().stream()
                .filter(c -> "completed".equals(c.status()))
                .count();
        boolean seeds = !table.seeds().isEmpty();
        out.printf(
                Locale.ROOT,
                "Study %s: base %s, %d settings%s, %d completed%n%n",
                table.dir(),
                table.baseName(),
                table.cells().size(),
                seeds ? " x " + table.seeds().size() + " seeds " + table.seeds() : "",
                completed);
        List<String> header = new ArrayList<>();
        table.axes().forEach(a -> header.add(a.path()));
        if (table.axes().isEmpty()) {
            header.add("config");
        }
        header.addAll(List.of("params", "active", "MFLOPs"));
        header.addAll(
                seeds ? List.of("test top-1 mean", "± std", "n", "best val mean") : List.of("test top-1", "best val"));
        header.addAll(List.of("status", "run"));
        List<List<String>> rows = new ArrayList<>();
        for (StudyTable.Cell c : table.cells()) {
            List<String> row = new ArrayList<>(c.labels());
            if (table.axes().isEmpty()) {
                row.add(table.baseName());
            }
            row.add(count(c.params()));
            row.add(count(c.paramsActive()));
            row.add(c.flopsPerImage() == null ? "-" : String.format(Locale.ROOT, "%.2f", c.flopsPerImage() / 1e6));
            row.add(percent(c.testAccuracy()));
            if (seeds) {
                row.add(points(c.testAccuracyStd()));
                row.add(c.completedSeeds() + "/" + table.seeds().size());
            }
            row.add(percent(c.bestValidationAccuracy()));
            row.add(c.status());
            row.add(c.runId() == null ? "-" : c.runId() + (seeds ? " (first seed)" : ""));
            rows.add(row);
        }
        printColumns(header, rows, Math.max(1, table.axes().size()), 2);
        if (seeds) {
            printSeeds(table);
        }

        StudyTable.Axis rowAxis = table.rowAxis();
        out.println();
        if (table.axes().size() == 2) {
            StudyTable.Axis colAxis = table.axes().get(1);
            out.printf("Test top-1 (%%): rows %s, columns %s%n", rowAxis.path(), colAxis.path());
            List<String> gridHeader = new ArrayList<>();
            gridHeader.add(rowAxis.path() + " \\ " + colAxis.path());
            gridHeader.addAll(colAxis.labels());
            List<List<String>> grid = new ArrayList<>();
            for (int r = 0; r < table.rows(); r++) {
                List<String> row = new ArrayList<>();
                row.add(rowAxis.labels().get(r));
                for (int c = 0; c < table.columns(); c++) {
                    row.add(meanStd(table.cell(r, c)));
                }
                grid.add(row);
            }
            printColumns(gridHeader, grid, 1, 0);
        } else {
            out.printf("Test top-1 (%%) by %s%n", rowAxis.path());
            List<List<String>> grid = new ArrayList<>();
            for (int r = 0; r < table.rows(); r++) {
                grid.add(List.of(rowAxis.labels().get(r), meanStd(table.cell(r, 0))));
            }
            printColumns(List.of(rowAxis.path(), "test top-1"), grid, 1, 0);
        }
        out.println();
        out.println("params and active params per model (active: experts counted k of E times), MFLOPs per image"
                + " of one forward pass; '-' = not written yet (status pending/running/missing)");
    }

    /** Each seed's run: the numbers behind the means. */
    private void printSeeds(StudyTable table) {
        out.println();
        out.println("Per seed:");
        List<String> header = new ArrayList<>();
        table.axes().forEach(a -> header.add(a.path()));
        if (table.axes().isEmpty()) {
            header.add("config");
        }
        header.addAll(List.of("seed", "test top-1", "best val", "status", "run"));
        List<List<String>> rows = new ArrayList<>();
        for (StudyTable.Cell c : table.cells()) {
            for (StudyTable.SeedRun s : c.seeds()) {
                List<String> row = new ArrayList<>(c.labels());
                if (table.axes().isEmpty()) {
                    row.add(table.baseName());
                }
                row.add(String.valueOf(s.seed()));
                row.add(percent(s.testAccuracy()));
                row.add(percent(s.bestValidationAccuracy()));
                row.add(s.status());
                row.add(s.runId() == null ? "-" : s.runId());
                rows.add(row);
            }
        }
        printColumns(header, rows, Math.max(1, table.axes().size()), 2);
    }

    /** {@code 84.25} alone, or {@code 84.25 ± 0.31 (n=3)} for a cell over seeds. */
    private static String meanStd(StudyTable.Cell c) {
        if (c.seeds().isEmpty() || c.testAccuracy() == null) {
            return percent(c.testAccuracy());
        }
        return percent(c.testAccuracy()) + " ± " + points(c.testAccuracyStd()) + " (n=" + c.completedSeeds() + ")";
    }

    /** A standard deviation of accuracies in percentage points; '-' below two seeds. */
    private static String points(Double std) {
        return std == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * std);
    }

    /** Left-aligned text columns (the first {@code textColumns} and the last {@code trailingText}), right-aligned numbers. */
    private void printColumns(List<String> header, List<List<String>> rows, int textColumns, int trailingText) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        printRow(header, widths, textColumns, trailingText);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.println(rule);
        rows.forEach(r -> printRow(r, widths, textColumns, trailingText));
    }

    private void printRow(List<String> cells, int[] widths, int textColumns, int trailingText) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String format = i < textColumns || i >= widths.length - trailingText
                    ? "%-" + widths[i] + "s"
                    : "%" + widths[i] + "s";
            line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, format, cells.get(i)));
        }
        out.println(line.toString().stripTrailing());
    }

    private static String count(Long n) {
        return n == null ? "-" : String.format(Locale.ROOT, "%,d", n);
    }

    private static String percent(Double fraction) {
        return fraction == null ? "-" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }
}
