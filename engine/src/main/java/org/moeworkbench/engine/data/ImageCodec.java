package org.moeworkbench.engine.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes image files (whatever javax.imageio reads: PNG, JPEG, BMP, GIF) to CHW uint8 and writes
 * PNG. Only the headless image classes of AWT are used (no window toolkit).
 */
public final class ImageCodec {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ImageCodec() {}

    /** A decoded image: channels-first uint8, 1 (grey) or 3 (RGB) channels. */
    public record Decoded(int channels, int height, int width, byte[] pixels) {}

    /**
     * Decodes {@code file}.
     *
     * @throws DatasetException naming {@code where} (e.g. "tags.csv line 4") if the file is missing or does not decode
     */
    public static Decoded decode(Path file, String where) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(
                    file, where, "the image file does not exist: expected a PNG, JPEG, BMP or GIF file");
        }
        if (!Files.isReadable(file)) {
            throw new DatasetException(
                    file, where, "permission denied: this user cannot read the file (check its permissions)");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(
                    file,
                    where,
                    "the image does not decode (" + e.getMessage() + "): expected a PNG, JPEG, BMP or GIF file",
                    e);
        }
        if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
            throw new DatasetException(file, where, "the image does not decode: expected a PNG, JPEG, BMP or GIF file");
        }
        return toChw(image);
    }

    private static Decoded toChw(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        int plane = h * w;
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (grey) {
            // Read grey samples directly: getRGB would treat the grey colour space as linear and brighten it.
            WritableRaster raster = image.getRaster();
            int bits = image.getColorModel().getComponentSize(0);
            int max = (1 << bits) - 1;
            byte[] out = new byte[plane];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) Math.round(raster.getSample(x, y, 0) * 255.0 / max);
                }
            }
            return new Decoded(1, h, w, out);
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[3 * plane];
        for (int p = 0; p < plane; p++) {
            int v = argb[p];
            out[p] = (byte) (v >>> 16);
            out[plane + p] = (byte) (v >>> 8);
            out[2 * plane + p] = (byte) v;
        }
        return new Decoded(3, h, w, out);
    }

    /** Converts between grey and RGB: grey is replicated; RGB to grey uses ITU-R BT.601 luma. */
    public static byte[] toChannels(byte[] chw, int channels, int plane, int target) {
        if (channels == target) {
            return chw;
        }
        byte[] out = new byte[target * plane];
        if (channels == 1 && target == 3) {
            for (int c = 0; c < 3; c++) {
                System.arraycopy(chw, 0, out, c * plane, plane);
            }
        } else if (channels == 3 && target == 1) {
            for (int p = 0; p < plane; p++) {
                double y =
                        0.299 * (chw[p] & 0xFF) + 0.587 * (chw[plane + p] & 0xFF) + 0.114 * (chw[2 * plane + p] & 0xFF);
                out[p] = (byte) Math.round(y);
            }
        } else {
            throw new IllegalArgumentException(channels + " to " + target + " channels: expected 1 or 3 channels");
        }
        return out;
    }

    /** Writes a CHW uint8 image (1 or 3 channels) as a PNG file. */
    public static void writePng(byte[] chw, int channels, int height, int width, Path file) throws IOException {
        int plane = height * width;
        BufferedImage image;
        if (channels == 1) {
            image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster raster = image.getRaster();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    raster.setSample(x, y, 0, chw[y * width + x] & 0xFF);
                }
            }
        } else if (channels == 3) {
            image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            int[] rgb = new int[plane];
            for (int p = 0; p < plane; p++) {
                rgb[p] = (chw[p] & 0xFF) << 16 | (chw[plane + p] & 0xFF) << 8 | (chw[2 * plane + p] & 0xFF);
            }
            image.setRGB(0, 0, width, height, rgb, 0, width);
        } else {
            throw new IllegalArgumentException(channels + " channels: expected 1 or 3 to write a PNG");
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM for " + file);
        }
    }
}
