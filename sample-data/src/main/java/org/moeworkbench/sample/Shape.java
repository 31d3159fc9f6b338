package org.moeworkbench.sample;

/**
 * The object kinds; the main object's kind is the image's class. Each kind is an implicit region in
 * object coordinates (u, v) in about [-1, 1] (v points down), so it renders at any size and angle.
 */
public enum Shape {
    CIRCLE("circle", "round"),
    SQUARE("square", "box"),
    TRIANGLE("triangle", null),
    DIAMOND("diamond", "rhombus"),
    STAR("star", null),
    CROSS("cross", "plus"),
    RING("ring", "donut"),
    HEXAGON("hexagon", null),
    HEART("heart", "love"),
    CRESCENT("crescent", "moon");

    private static final double SQRT3 = Math.sqrt(3);

    /** The tag naming the kind, and a synonym web users also write (or null). */
    final String tag;

    final String synonym;

    Shape(String tag, String synonym) {
        this.tag = tag;
        this.synonym = synonym;
    }

    public String tag() {
        return tag;
    }

    boolean contains(double u, double v) {
        switch (this) {
            case CIRCLE:
                return u * u + v * v <= 1;
            case SQUARE:
                return Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8;
            case TRIANGLE:
                return v <= 0.7 && v >= -0.9 && Math.abs(u) <= 0.95 * (v + 0.9) / 1.6;
            case DIAMOND:
                return Math.abs(u) / 0.7 + Math.abs(v) <= 1;
            case STAR: {
                double r = Math.sqrt(u * u + v * v);
                if (r > 1) {
                    return false;
                }
                if (r < 0.4) {
                    return true;
                }
                double t = (Math.atan2(u, -v) / (2 * Math.PI) * 5 + 5.5) % 1.0;
                double tip = Math.abs(t - 0.5) * 2; // 1 at a tip, 0 between tips
                return r <= 0.4 + 0.6 * tip * tip;
            }
            case CROSS:
                return (Math.abs(u) <= 0.3 && Math.abs(v) <= 0.95) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 0.95);
            case RING: {
                double r2 = u * u + v * v;
                return r2 <= 1 && r2 >= 0.36;
            }
            case HEXAGON:
                return Math.abs(v) <= SQRT3 / 2 && SQRT3 * Math.abs(u) + Math.abs(v) <= SQRT3;
            case HEART: {
                double x = u * 1.25;
                double y = -v * 1.25 + 0.25;
                double a = x * x + y * y - 1;
                return a * a * a - x * x * y * y * y <= 0;
            }
            case CRESCENT: {
                double du = u - 0.45;
                double dv = v + 0.2;
                return u * u + v * v <= 1 && du * du + dv * dv > 0.55;
            }
            default:
                throw new IllegalStateException("unknown shape " + this);
        }
    }
}
