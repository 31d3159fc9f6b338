package org.moeworkbench.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.analysis.StudyTable;

class StudyFigureTest {

    /** A 2 x 2 study: placement rows, expert columns; the last setting has not finished. */
    private static StudyTable table() {
        List<StudyTable.Axis> axes = List.of(
                new StudyTable.Axis("moe.placement", List.of("last2", "stage"), null),
                new StudyTable.Axis("moe.experts", List.of("4", "8"), List.of(4.0, 8.0)));
        List<StudyTable.Cell> cells = List.of(
                new StudyTable.Cell(List.of("last2", "4"), "a", "completed", 10L, 5L, 100L, 0.50, 0.52),
                new StudyTable.Cell(List.of("last2", "8"), "b", "completed", 20L, 5L, 100L, 0.60, 0.61),
                new StudyTable.Cell(List.of("stage", "4"), "c", "completed", 12L, 5L, 100L, 0.40, 0.41),
                new StudyTable.Cell(List.of("stage", "8"), null, "pending", null, null, null, null, null));
        return new StudyTable("/tmp/s", "base", axes, List.of(), cells);
    }

    /** One axis, three seeds per setting: cells carry mean, std and n. */
    private static StudyTable seeded() {
        List<StudyTable.Axis> axes = List.of(new StudyTable.Axis("moe.experts", List.of("4", "8"), List.of(4.0, 8.0)));
        List<StudyTable.SeedRun> four = List.of(
                new StudyTable.SeedRun(1, "a1", "completed", 0.50, 0.5),
                new StudyTable.SeedRun(2, "a2", "completed", 0.52, 0.5),
                new StudyTable.SeedRun(3, "a3", "completed", 0.54, 0.5));
        List<StudyTable.Cell> cells = List.of(
                new StudyTable.Cell(List.of("4"), "a1", "completed", 10L, 5L, 100L, 0.52, 0.5, 0.02, 3, four),
                new StudyTable.Cell(List.of("8"), "b1", "running", 20L, 5L, 100L, 0.60, 0.6, null, 1, List.of()));
        return new StudyTable("/tmp/s", "base", axes, List.of(1L, 2L, 3L), cells);
    }

    @Test
    void aStudyWithSeedsDrawsOneStandardDeviationErrorBarsAndWritesThemToCsv(@TempDir Path dir) throws Exception {
        Figure f = ComparisonFigures.studyAccuracy(seeded());
        Figure.Series series = f.series().get(0);
        assertArrayEquals(new double[] {52, 60}, series.y(), 1e-9);
        assertEquals(2.0, series.yError()[0], 1e-9);
        assertTrue(Double.isNaN(series.yError()[1]), "one seed: no error bar");
        assertTrue(f.subtitle().contains("3 seeds, mean ± std"), f.subtitle());

        Path withBars = dir.resolve("with.svg");
        FigureRenderer.svg(f, withBars, 640, 400);
        assertTrue(Files.readString(withBars).contains("top-1 test accuracy"));

        java.io.StringWriter csv = new java.io.StringWriter();
        org.moeworkbench.plots.export.FigureCsv.write(f, csv);
        List<String> lines = csv.toString().lines().toList();
        assertTrue(lines.get(0).contains("base: std"), lines.get(0));
        assertTrue(lines.get(1).startsWith("4,52.0,2.0"), lines.get(1));
    }

    @Test
    void accuracyBarsPerSecondAxisValueInPercent() {
        Figure f = ComparisonFigures.studyAccuracy(table());
        assertEquals(Figure.Kind.BARS, f.kind());
        assertEquals(List.of("last2", "stage"), f.x().categories());
        assertEquals(2, f.series().size());
        assertEquals("moe.experts=4", f.series().get(0).name());
        assertArrayEquals(new double[] {50, 40}, f.series().get(0).y(), 1e-9);
        assertEquals(60, f.series().get(1).y()[0], 1e-9);
        assertTrue(Double.isNaN(f.series().get(1).y()[1]), "a pending run has no bar");
    }

    @Test
    void rendersHeadlessToPngAndSvg(@TempDir Path dir) throws Exception {
        Figure f = ComparisonFigures.studyAccuracy(table());
        Path png = dir.resolve("study.png");
        Path svg = dir.resolve("study.svg");
        FigureRenderer.png(f, png, 640, 400);
        FigureRenderer.svg(f, svg, 640, 400);
        assertEquals(640, javax.imageio.ImageIO.read(png.toFile()).getWidth());
        String text = Files.readString(svg);
        assertTrue(text.contains("top-1 test accuracy"), "y axis title is SVG text");
        assertTrue(text.contains("moe.placement"), "x axis title is SVG text");
    }
}
