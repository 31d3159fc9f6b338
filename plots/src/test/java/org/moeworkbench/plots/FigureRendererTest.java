package org.moeworkbench.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.analysis.HardMoeAnalysis;
import org.moeworkbench.engine.analysis.MoeGain;
import org.moeworkbench.engine.analysis.ParetoFront;
import org.moeworkbench.engine.analysis.RoutingData;
import org.moeworkbench.engine.analysis.RunAnalysis;
import org.moeworkbench.engine.analysis.RunSummary;
import org.moeworkbench.engine.analysis.SyntheticRun;
import org.moeworkbench.engine.config.RunKind;
import org.moeworkbench.engine.data.SampleSource;
import org.moeworkbench.engine.run.RunDirectory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Every figure renders headless to PNG of the requested size (not blank) and to SVG that parses as XML. */
class FigureRendererTest {
    @TempDir
    static Path dir;

    static RunAnalysis analysis;
    static RoutingData routing;
    static List<RunSummary> runs;

    @BeforeAll
    static void runs() throws Exception {
        assertTrue(java.awt.GraphicsEnvironment.isHeadless(), "tests run with java.awt.headless=true");
        Path moe = SyntheticRun.write(dir.resolve("runs/moe"), SyntheticRun.Spec.small(4));
        SyntheticRun.write(
                dir.resolve("runs/dense"), new SyntheticRun.Spec(40, 16, 2, 0, 1, 10, 0.45, 500_000, 500_000, 2));
        analysis = RunAnalysis.of(moe);
        routing = RoutingData.read(RunDirectory.open(moe).routing(), "final");
        runs = RunSummary.scan(dir.resolve("runs"), new ArrayList<>());
    }

    static List<Figure> everyFigure() {
        DatasetImages images = new DatasetImages(SampleSource.generate(7, 300, 32));
        int[] assignments = new int[240];
        for (int i = 0; i < assignments.length; i++) {
            assignments[i] = i % 3;
        }
        HardMoeAnalysis hard = new HardMoeAnalysis(
                3,
                new int[] {80, 80, 80},
                new int[] {20, 20, 20},
                List.of("cat", "dog"),
                new int[][] {{70, 5, 5}, {10, 30, 40}},
                List.of(
                        new HardMoeAnalysis.TagPoint("cat", 80, 60, 1.2),
                        new HardMoeAnalysis.TagPoint("dog", 80, 20, 1.6)),
                java.util.Map.of());
        return List.of(
                Figures.loadBars(analysis),
                Figures.expertsPerImageCdf(analysis),
                Figures.patchesPerExpertCdf(analysis),
                Figures.similarity(analysis, 0, false),
                Figures.similarity(analysis, 1, true),
                Figures.expertClass(analysis, 0, null),
                Figures.trainingLoss(analysis),
                Figures.auxLoss(analysis),
                Figures.accuracy(analysis),
                Figures.imagesByExpert(routing, 0, images, 6),
                Figures.patchExperts(routing, images, 3),
                ComparisonFigures.pareto(runs, ParetoFront.Cost.PARAMS_TOTAL, null),
                ComparisonFigures.pareto(
                        runs, ParetoFront.Cost.PARAMS_ACTIVE, PaperOverlay.sweetSpotFigure2("ImageNet-21k")),
                ComparisonFigures.moeGain(MoeGain.of(runs), true),
                ComparisonFigures.paperMoeGain(),
                ComparisonFigures.paperPareto(PaperOverlay.grossFigure4(), ParetoFront.Cost.PARAMS_TOTAL),
                HardMoeFigures.clusterSizes(hard, "h"),
                HardMoeFigures.tagOverClusters(hard, List.of("dog"), "h"),
                HardMoeFigures.sparsityVsQ10(hard, "h"),
                HardMoeFigures.clusterGrid(hard, assignments, images, 5, 1, "h"),
                HardMoeFigures.pareto(runs, PaperOverlay.grossFigure4()));
    }

    @Test
    void pngHasTheRequestedSizeAndIsNotBlank() throws Exception {
        for (Figure figure : everyFigure()) {
            Path png = FigureRenderer.png(figure, dir.resolve("png/" + figure.id() + ".png"), 640, 420);
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(640, image.getWidth(), figure.id());
            assertEquals(420, image.getHeight(), figure.id());
            Set<Integer> colours = new HashSet<>();
            int nonWhite = 0;
            for (int y = 0; y < image.getHeight(); y += 2) {
                for (int x = 0; x < image.getWidth(); x += 2) {
                    int rgb = image.getRGB(x, y) & 0xFFFFFF;
                    colours.add(rgb);
                    nonWhite += rgb != 0xFFFFFF ? 1 : 0;
                }
            }
            assertTrue(colours.size() > 10, figure.id() + " has " + colours.size() + " colours");
            assertTrue(nonWhite > 500, figure.id() + " has " + nonWhite + " non-white samples");
        }
    }

    @Test
    void svgParsesAsXmlWithTheAxisTitlesAndTitle() throws Exception {
        for (Figure figure : everyFigure()) {
            Path svg = FigureRenderer.svg(figure, dir.resolve("svg/" + figure.id() + ".svg"), 800, 500);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
            assertEquals("svg", doc.getDocumentElement().getLocalName(), figure.id());
            NodeList texts = doc.getElementsByTagNameNS("*", "text");
            Set<String> strings = new HashSet<>();
            for (int i = 0; i < texts.getLength(); i++) {
                strings.add(texts.item(i).getTextContent());
            }
            assertTrue(strings.contains(figure.title()), figure.id() + ": no title in " + strings);
            if (figure.kind() != Figure.Kind.IMAGES) {
                // a log axis over less than a decade is drawn linear, and its title says so
                String linear = figure.x().title().replace(", log scale", "");
                assertTrue(
                        strings.contains(figure.x().title()) || strings.contains(linear),
                        figure.id() + ": no x title " + figure.x().title());
                assertTrue(
                        strings.contains(figure.y().title()),
                        figure.id() + ": no y title " + figure.y().title());
            }
            if (figure.kind() == Figure.Kind.HEATMAP) {
                assertTrue(strings.contains(figure.heatmap().valueLabel()), figure.id() + ": no colour bar title");
            }
        }
    }

    @Test
    void theLoadFigureCarriesTheAnalysisNumbers() {
        Figure load = Figures.loadBars(analysis);
        assertEquals("share of token choices (%)", load.y().title());
        assertEquals(2, load.series().size());
        for (int l = 0; l < 2; l++) {
            double[] expected = analysis.layers().get(l).load();
            for (int e = 0; e < 4; e++) {
                assertEquals(100 * expected[e], load.series().get(l).y()[e], 1e-9);
            }
        }
        String svg = FigureRenderer.svgText(load, 600, 400);
        assertFalse(svg.isEmpty());
        assertTrue(new String(svg.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).contains("block 4"));
    }

    @Test
    void paretoFigureDrawsTheFrontOfTheRuns() {
        Figure pareto = ComparisonFigures.pareto(runs, ParetoFront.Cost.PARAMS_TOTAL, null);
        Figure.Series front = pareto.series().stream()
                .filter(s -> s.name().startsWith("Pareto"))
                .findFirst()
                .orElseThrow();
        // dense: 500k params at 45 %, MoE: 1M params at 50 %: neither dominates
        assertEquals(List.of("dense", "moe"), front.labels());
        assertTrue(pareto.x().log());
    }

    @Test
    void paretoFigureMarksHardMoeRunsApartAndKeepsThemOutOfTheFront() {
        RunSummary mixture = RunPoints.point("h", RunKind.HARD_MOE, "b", 4, 4_000_000, 2_000_000, 0.9);
        RunSummary trunk = RunPoints.point("h/trunk", RunKind.HARD_MOE, "b", 0, 1_000_000, 1_000_000, 0.8);
        List<RunSummary> all = new java.util.ArrayList<>(runs);
        all.add(mixture);
        all.add(trunk);
        Figure pareto = ComparisonFigures.pareto(all, ParetoFront.Cost.PARAMS_TOTAL, null);
        Figure.Series hard = pareto.series().stream()
                .filter(s -> s.name().equals("hard-MoE runs (p@1)"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("h"), hard.labels());
        Figure.Series trunks = pareto.series().stream()
                .filter(s -> s.name().equals("hard-MoE trunks (p@1)"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("h/trunk"), trunks.labels());
        Figure.Series front = pareto.series().stream()
                .filter(s -> s.name().startsWith("Pareto"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("dense", "moe"), front.labels(), "the front is over sparse and dense runs only");
    }
}
