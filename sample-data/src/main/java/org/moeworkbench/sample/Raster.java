package org.moeworkbench.sample;

/** One image being painted: plain float RGB planes, 2x2 supersampled object edges, no AWT. */
final class Raster {
    private final int size;
    private final float[] r;
    private final float[] g;
    private final float[] b;

    Raster(int size) {
        this.size = size;
        this.r = new float[size * size];
        this.g = new float[size * size];
        this.b = new float[size * size];
    }

    int size() {
        return size;
    }

    int bytes() {
        return 3 * size * size;
    }

    void background(SplitMix64 rng, Scene scene) {
        double bright = rng.between(0.85, 1.15);
        double[] shift = {rng.between(-15, 15), rng.between(-15, 15), rng.between(-15, 15)};
        double phase = rng.between(0, 2 * Math.PI);
        int cell = Math.max(2, size / 8);
        double cellOffset = rng.nextInt(cell);
        for (int y = 0; y < size; y++) {
            double t = y / (double) (size - 1);
            for (int x = 0; x < size; x++) {
                double mix = t;
                double add = 0;
                switch (scene.background) {
                    case GRADIENT:
                        break;
                    case NOISE:
                        add = rng.between(-22, 22);
                        break;
                    case WINDOWS: {
                        int cellIndex = ((int) ((y + cellOffset) / cell)) * 31 + (int) ((x + cellOffset) / cell);
                        boolean lit = SplitMix64.mix(cellIndex * 0x9e37L + phase2(phase)) % 3 == 0;
                        boolean frame = (x + (int) cellOffset) % cell == 0 || (y + (int) cellOffset) % cell == 0;
                        add = lit && !frame ? 90 : 0;
                        break;
                    }
                    case FLAKES:
                        add = rng.chance(0.05) ? -45 : 0;
                        break;
                    case WAVES:
                        add = 22 * Math.sin(x * 0.6 * 32 / size + y * 0.25 * 32 / size + phase);
                        break;
                    case DOTS: {
                        double fx = ((x + cellOffset) % cell) - cell / 2.0;
                        double fy = ((y + cellOffset) % cell) - cell / 2.0;
                        add = fx * fx + fy * fy <= cell * cell / 10.0 ? 45 : 0;
                        break;
                    }
                    case STARFIELD:
                        add = rng.chance(0.035) ? rng.between(120, 230) : 0;
                        break;
                    case CHECKER:
                        mix = (((int) ((x + cellOffset) / cell) + (int) ((y + cellOffset) / cell)) & 1) == 0 ? 0 : 1;
                        break;
                    case STRIPES:
                        mix = (((int) ((x + cellOffset) / cell)) & 1) == 0 ? 0 : 1;
                        break;
                    case GRID:
                        add = (x + (int) cellOffset) % cell == 0 || (y + (int) cellOffset) % cell == 0 ? -50 : 0;
                        break;
                    default:
                        throw new IllegalStateException("unknown background " + scene.background);
                }
                int p = y * size + x;
                r[p] = (float) ((scene.top[0] * (1 - mix) + scene.bottom[0] * mix) * bright + shift[0] + add);
                g[p] = (float) ((scene.top[1] * (1 - mix) + scene.bottom[1] * mix) * bright + shift[1] + add);
                b[p] = (float) ((scene.top[2] * (1 - mix) + scene.bottom[2] * mix) * bright + shift[2] + add);
            }
        }
    }

    private static long phase2(double phase) {
        return (long) (phase * 1000);
    }

    /**
     * Paints an object: a shape of the given radius (pixels) centred at (cx, cy), rotated by angle;
     * texture 0 solid, 1 striped, 2 dotted, 3 checkered.
     */
    void object(Shape shape, Palette colour, int texture, double cx, double cy, double radius, double angle) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double reach = radius * 1.45;
        int x0 = Math.max(0, (int) Math.floor(cx - reach));
        int x1 = Math.min(size - 1, (int) Math.ceil(cx + reach));
        int y0 = Math.max(0, (int) Math.floor(cy - reach));
        int y1 = Math.min(size - 1, (int) Math.ceil(cy + reach));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                int covered = 0;
                for (int s = 0; s < 4; s++) {
                    double du = (x + 0.25 + 0.5 * (s & 1) - cx) / radius;
                    double dv = (y + 0.25 + 0.5 * (s >> 1) - cy) / radius;
                    if (shape.contains(cos * du + sin * dv, -sin * du + cos * dv)) {
                        covered++;
                    }
                }
                if (covered == 0) {
                    continue;
                }
                double du = (x + 0.5 - cx) / radius;
                double dv = (y + 0.5 - cy) / radius;
                double u = cos * du + sin * dv;
                double v = -sin * du + cos * dv;
                double shade = texture(texture, u, v);
                double alpha = covered / 4.0;
                int p = y * size + x;
                r[p] = (float) (r[p] * (1 - alpha) + tint(colour.r, shade) * alpha);
                g[p] = (float) (g[p] * (1 - alpha) + tint(colour.g, shade) * alpha);
                b[p] = (float) (b[p] * (1 - alpha) + tint(colour.b, shade) * alpha);
            }
        }
    }

    /** Shade in [-1, 1]: negative darkens towards black, positive lightens towards white. */
    private static double texture(int texture, double u, double v) {
        double fu = (u + 4) * 1.75;
        double fv = (v + 4) * 1.75;
        switch (texture) {
            case 1:
                return (((int) fu) & 1) == 0 ? -0.5 : 0;
            case 2: {
                double a = fu - Math.floor(fu) - 0.5;
                double c = fv - Math.floor(fv) - 0.5;
                return a * a + c * c < 0.08 ? 0.6 : 0;
            }
            case 3:
                return ((((int) fu) + ((int) fv)) & 1) == 0 ? -0.45 : 0.2;
            default:
                return 0;
        }
    }

    private static double tint(int channel, double shade) {
        return shade < 0 ? channel * (1 + shade) : channel + (255 - channel) * shade;
    }

    /** Sensor-like grain, then clamps. */
    void grain(SplitMix64 rng) {
        for (int p = 0; p < r.length; p++) {
            long bits = rng.nextLong();
            r[p] += (int) (bits & 15) - 7.5f;
            g[p] += (int) ((bits >>> 4) & 15) - 7.5f;
            b[p] += (int) ((bits >>> 8) & 15) - 7.5f;
        }
    }

    /** Writes the image channels-first (R plane, G plane, B plane) as uint8 at {@code offset}. */
    void copyTo(byte[] out, int offset) {
        int plane = size * size;
        for (int p = 0; p < plane; p++) {
            out[offset + p] = clamp(r[p]);
            out[offset + plane + p] = clamp(g[p]);
            out[offset + 2 * plane + p] = clamp(b[p]);
        }
    }

    private static byte clamp(float value) {
        int v = Math.round(value);
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
