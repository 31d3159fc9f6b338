package org.moeworkbench.plots;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;

/**
 * An image drawn into a cell given in data coordinates, as large as fits with its aspect ratio kept and
 * centred (JFreeChart's XYDataImageAnnotation stretches it to the cell).
 */
final class FittedImageAnnotation extends AbstractXYAnnotation {
    private static final long serialVersionUID = 1L;
    private final transient BufferedImage image;
    /** The cell in data coordinates. */
    private final Rectangle2D cell;

    FittedImageAnnotation(BufferedImage image, Rectangle2D cell) {
        this.image = image;
        this.cell = cell;
    }

    @Override
    public void draw(
            Graphics2D g2,
            XYPlot plot,
            Rectangle2D dataArea,
            ValueAxis domainAxis,
            ValueAxis rangeAxis,
            int rendererIndex,
            PlotRenderingInfo info) {
        RectangleEdge xEdge = plot.getDomainAxisEdge();
        RectangleEdge yEdge = plot.getRangeAxisEdge();
        double x0 = domainAxis.valueToJava2D(cell.getMinX(), dataArea, xEdge);
        double x1 = domainAxis.valueToJava2D(cell.getMaxX(), dataArea, xEdge);
        double y0 = rangeAxis.valueToJava2D(cell.getMinY(), dataArea, yEdge);
        double y1 = rangeAxis.valueToJava2D(cell.getMaxY(), dataArea, yEdge);
        double cellW = Math.abs(x1 - x0);
        double cellH = Math.abs(y1 - y0);
        double scale = Math.min(cellW / image.getWidth(), cellH / image.getHeight());
        int drawW = (int) Math.max(1, Math.floor(image.getWidth() * scale));
        int drawH = (int) Math.max(1, Math.floor(image.getHeight() * scale));
        int left = (int) Math.round(Math.min(x0, x1) + (cellW - drawW) / 2);
        int top = (int) Math.round(Math.min(y0, y1) + (cellH - drawH) / 2);
        g2.drawImage(image, left, top, drawW, drawH, null);
    }
}
