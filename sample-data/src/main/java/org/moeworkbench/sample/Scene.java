package org.moeworkbench.sample;

import static org.moeworkbench.sample.Palette.*;
import static org.moeworkbench.sample.Shape.*;

import java.util.List;

/**
 * A theme that ties a background, a palette, preferred object kinds and a set of tags together: the
 * structure a clustering gater should find. Scenes are listed from most to least common; the
 * generator draws them with Zipf weights, so cluster sizes and tag frequencies are long-tailed.
 */
enum Scene {
    BEACH(
            "beach",
            Background.GRADIENT,
            rgb(120, 190, 240),
            rgb(230, 205, 140),
            List.of(RED, ORANGE, YELLOW, CYAN),
            List.of(CIRCLE, STAR, CRESCENT),
            List.of("beach", "sea", "summer", "sand", "vacation", "seaside")),
    FOREST(
            "forest",
            Background.NOISE,
            rgb(40, 90, 45),
            rgb(70, 55, 30),
            List.of(GREEN, BROWN, YELLOW),
            List.of(TRIANGLE, CIRCLE, DIAMOND),
            List.of("forest", "nature", "tree", "green", "hiking", "woods")),
    CITY_NIGHT(
            "city",
            Background.WINDOWS,
            rgb(15, 15, 40),
            rgb(40, 35, 60),
            List.of(YELLOW, WHITE, PURPLE, CYAN),
            List.of(SQUARE, CROSS, DIAMOND),
            List.of("city", "night", "lights", "urban", "street", "skyline")),
    SNOW(
            "snow",
            Background.FLAKES,
            rgb(215, 230, 245),
            rgb(250, 250, 255),
            List.of(BLUE, WHITE, CYAN, GREY),
            List.of(HEXAGON, STAR, CIRCLE),
            List.of("snow", "winter", "cold", "ice", "christmas")),
    UNDERWATER(
            "underwater",
            Background.WAVES,
            rgb(20, 110, 170),
            rgb(10, 40, 90),
            List.of(ORANGE, YELLOW, PINK, CYAN),
            List.of(RING, CIRCLE, CRESCENT),
            List.of("underwater", "ocean", "fish", "diving", "reef")),
    GARDEN(
            "garden",
            Background.DOTS,
            rgb(110, 180, 90),
            rgb(60, 130, 50),
            List.of(PINK, RED, YELLOW, PURPLE),
            List.of(STAR, HEART, CIRCLE),
            List.of("garden", "flower", "spring", "bloom", "nature", "macro")),
    SPACE(
            "space",
            Background.STARFIELD,
            rgb(5, 5, 15),
            rgb(20, 10, 35),
            List.of(WHITE, ORANGE, GREY, BLUE),
            List.of(CIRCLE, RING, CRESCENT),
            List.of("space", "stars", "galaxy", "astronomy", "night")),
    DESERT(
            "desert",
            Background.GRADIENT,
            rgb(250, 180, 90),
            rgb(215, 150, 80),
            List.of(BROWN, ORANGE, RED),
            List.of(TRIANGLE, DIAMOND, SQUARE),
            List.of("desert", "sand", "dry", "travel", "dunes")),
    KITCHEN(
            "kitchen",
            Background.CHECKER,
            rgb(235, 235, 225),
            rgb(180, 60, 50),
            List.of(RED, WHITE, BROWN, GREEN),
            List.of(CIRCLE, SQUARE, HEXAGON),
            List.of("food", "kitchen", "dinner", "yummy", "homemade")),
    PARTY(
            "party",
            Background.STRIPES,
            rgb(250, 200, 230),
            rgb(200, 220, 250),
            List.of(PINK, PURPLE, YELLOW, BLUE),
            List.of(STAR, HEART, DIAMOND),
            List.of("party", "birthday", "fun", "celebration", "balloons")),
    SUNSET(
            "sunset",
            Background.GRADIENT,
            rgb(250, 120, 50),
            rgb(90, 40, 110),
            List.of(YELLOW, ORANGE, BLACK),
            List.of(CIRCLE, TRIANGLE, CRESCENT),
            List.of("sunset", "sky", "evening", "clouds", "silhouette")),
    OFFICE(
            "office",
            Background.GRID,
            rgb(200, 200, 205),
            rgb(150, 150, 160),
            List.of(BLACK, GREY, BLUE, WHITE),
            List.of(SQUARE, CROSS, HEXAGON),
            List.of("office", "design", "minimal", "work", "abstract"));

    enum Background {
        GRADIENT,
        NOISE,
        WINDOWS,
        FLAKES,
        WAVES,
        DOTS,
        STARFIELD,
        CHECKER,
        STRIPES,
        GRID
    }

    final String label;
    final Background background;
    final int[] top;
    final int[] bottom;
    final List<Palette> palette;
    final List<Shape> shapes;
    /** Scene tags, most descriptive first; later ones apply to fewer images (see keep probability). */
    final List<String> tags;

    Scene(
            String label,
            Background background,
            int[] top,
            int[] bottom,
            List<Palette> palette,
            List<Shape> shapes,
            List<String> tags) {
        this.label = label;
        this.background = background;
        this.top = top;
        this.bottom = bottom;
        this.palette = palette;
        this.shapes = shapes;
        this.tags = tags;
    }

    /** How likely the i-th scene tag describes an image of the scene: 0.9, 0.64, 0.35, 0.2, 0.12, ... */
    static double tagApplies(int i) {
        return 0.9 / (1 + 0.4 * i * i);
    }

    private static int[] rgb(int r, int g, int b) {
        return new int[] {r, g, b};
    }
}
