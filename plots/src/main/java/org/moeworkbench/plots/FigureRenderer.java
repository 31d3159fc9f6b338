package org.moeworkbench.plots;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes figures to files without a display (works with {@code -Djava.awt.headless=true}): PNG of the requested
 * size through Java2D, SVG through JFreeSVG (text stays text, so titles are searchable and editable).
 */
public final class FigureRenderer {

    private FigureRenderer() {}

    /** The figure as an image of {@code width x height} pixels. */
    public static BufferedImage image(Figure figure, int width, int height) {
        check(width, height);
        return FigureCharts.chart(figure).createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    }

    public static Path png(Figure figure, Path file, int width, int height) throws IOException {
        BufferedImage image = image(figure, width, height);
        createParent(file);
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        return file;
    }

    /** The figure as an SVG document of {@code width x height} user units. */
    public static String svgText(Figure figure, int width, int height) {
        check(width, height);
        JFreeChart chart = FigureCharts.chart(figure);
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle(0, 0, width, height));
        // No DOCTYPE (SVG 2 drops it): a DTD reference makes XML parsers fetch it from the network.
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g2.getSVGElement() + "\n";
    }

    public static Path svg(Figure figure, Path file, int width, int height) throws IOException {
        String text = svgText(figure, width, height);
        createParent(file);
        Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
        return file;
    }

    private static void check(int width, int height) {
        if (width < 50 || height < 50 || width > 20_000 || height > 20_000) {
            throw new IllegalArgumentException(
                    "figure size " + width + " x " + height + " is out of range: use 50..20000 pixels per side");
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
