package org.moeworkbench.engine.data;

/**
 * Scales an image so its shorter side is the target size, then keeps the centred square: box
 * averaging when shrinking (no aliasing), bilinear when enlarging. Plain loops over CHW uint8.
 */
public final class ImageResizer {
    private ImageResizer() {}

    /** Resizes and centre-crops a CHW uint8 image to {@code channels x size x size}. */
    public static byte[] resizeCenterCrop(byte[] chw, int channels, int height, int width, int size) {
        if (height == size && width == size) {
            return chw;
        }
        int side = Math.min(height, width);
        int top = (height - side) / 2;
        int left = (width - side) / 2;
        byte[] out = new byte[channels * size * size];
        double scale = side / (double) size;
        for (int c = 0; c < channels; c++) {
            int in = c * height * width;
            int o = c * size * size;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double v = scale > 1
                            ? box(chw, in, width, top + y * scale, left + x * scale, scale)
                            : bilinear(
                                    chw, in, width, side, top, left, (y + 0.5) * scale - 0.5, (x + 0.5) * scale - 0.5);
                    out[o + y * size + x] = (byte) Math.min(255, Math.max(0, Math.round(v)));
                }
            }
        }
        return out;
    }

    /** Mean of the source pixels whose centres fall in the box [y0, y0 + extent) x [x0, x0 + extent). */
    private static double box(byte[] src, int base, int width, double y0, double x0, double extent) {
        int ya = (int) Math.ceil(y0 - 0.5);
        int yb = Math.max(ya + 1, (int) Math.ceil(y0 + extent - 0.5));
        int xa = (int) Math.ceil(x0 - 0.5);
        int xb = Math.max(xa + 1, (int) Math.ceil(x0 + extent - 0.5));
        long sum = 0;
        for (int y = ya; y < yb; y++) {
            for (int x = xa; x < xb; x++) {
                sum += src[base + y * width + x] & 0xFF;
            }
        }
        return sum / (double) ((yb - ya) * (xb - xa));
    }

    private static double bilinear(byte[] src, int base, int width, int side, int top, int left, double y, double x) {
        y = Math.max(0, Math.min(side - 1, y));
        x = Math.max(0, Math.min(side - 1, x));
        int y0 = (int) y;
        int x0 = (int) x;
        int y1 = Math.min(side - 1, y0 + 1);
        int x1 = Math.min(side - 1, x0 + 1);
        double fy = y - y0;
        double fx = x - x0;
        double a = px(src, base, width, top + y0, left + x0);
        double b = px(src, base, width, top + y0, left + x1);
        double c = px(src, base, width, top + y1, left + x0);
        double d = px(src, base, width, top + y1, left + x1);
        return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }

    private static int px(byte[] src, int base, int width, int y, int x) {
        return src[base + y * width + x] & 0xFF;
    }

    /** A split resized to {@code size} (a copy in memory; the same split if it already has that size). */
    public static DatasetSplit resize(DatasetSplit split, int size) {
        if (split.height() == size && split.width() == size) {
            return split;
        }
        SplitBuilder builder = new SplitBuilder(split.name(), split.channels(), size, size);
        byte[] image = new byte[split.imageBytes()];
        boolean anyTags = false;
        for (int i = 0; i < split.size(); i++) {
            split.copyImage(i, image, 0);
            int[] tags = split.tags(i);
            anyTags |= tags.length > 0;
            builder.add(
                    resizeCenterCrop(image, split.channels(), split.height(), split.width(), size),
                    0,
                    split.label(i),
                    tags);
        }
        return builder.build(anyTags);
    }
}
