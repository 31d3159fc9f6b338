package org.moeworkbench.sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Generates the weakly tagged sample image set from a seed: each image is a {@link Scene} (background,
 * palette, preferred object kinds) with one to three objects, a class (the main object's kind) and a
 * noisy web-like tag set. Image i depends only on (seed, i), so the same seed gives the same bytes.
 *
 * <p>Tag noise, as on photo sharing sites: a true tag is missing with probability {@link #MISSING},
 * replaced by a synonym with probability {@link #SYNONYM}, and 0-2 unrelated tags are added (mostly
 * Zipf-distributed "web" words such as {@code photo} or {@code nikon}, sometimes any vocabulary word).
 */
public final class SampleGenerator {
    /**
     * Bumped whenever the output for a given seed changes (it keys on-disk caches). Version 2: the main object is
     * at least twice the radius of any other object (before, a small main object could be the size of the others,
     * and models trained on version 1 stayed near 40% test accuracy), so the main object decides the class; it is
     * upright within 20 degrees (a square at 45 degrees is a diamond).
     */
    public static final int VERSION = 2;

    static final double MISSING = 0.2;
    private static final int CHUNK = 500;
    static final double SYNONYM = 0.25;
    /** Largest rotation of the main object, radians (20 degrees). */
    static final double MAIN_TILT = Math.toRadians(20);

    private static final String[] WEB_WORDS = {
        "photo",
        "love",
        "instagood",
        "nikon",
        "travel",
        "art",
        "me",
        "beautiful",
        "canon",
        "2016",
        "hdr",
        "iphone",
        "vintage",
        "bw",
        "friends",
        "picoftheday",
        "cute",
        "flickr"
    };
    private static final String[] SIZE_AND_LOOK = {
        "small", "big", "large", "striped", "dotted", "checkered", "pair", "group"
    };
    private static final Shape[] SHAPES = Shape.values();
    private static final Scene[] SCENES = Scene.values();
    private static final Palette[] COLOURS = Palette.values();
    private static final double[] SCENE_WEIGHTS = zipf(SCENES.length, 1.0);
    private static final double[] WEB_WEIGHTS = zipf(WEB_WORDS.length, 1.1);
    private static final double[] OBJECT_COUNT = {0.5, 0.3, 0.2};
    private static final double[] SIZE_WEIGHTS = {0.25, 0.45, 0.3};
    private static final double[] TEXTURE_WEIGHTS = {0.55, 0.15, 0.15, 0.15};
    private static final double[][] SCENE_SHAPE_WEIGHTS =
            Arrays.stream(SCENES).map(s -> zipf(s.shapes.size(), 1.0)).toArray(double[][]::new);

    private static final Map<String, Integer> VOCABULARY = buildVocabulary();
    private static final List<String> VOCABULARY_LIST = List.copyOf(VOCABULARY.keySet());

    private SampleGenerator() {}

    /** Tag vocabulary, in a fixed order. */
    public static List<String> vocabulary() {
        return VOCABULARY_LIST;
    }

    /** Class names: the object kinds. */
    public static List<String> classNames() {
        return Arrays.stream(SHAPES).map(Shape::tag).toList();
    }

    /** Scene names (the hidden themes). */
    public static List<String> sceneNames() {
        return Arrays.stream(SCENES).map(s -> s.label).toList();
    }

    /**
     * Generates {@code count} images of {@code imageSize} x {@code imageSize} RGB pixels.
     *
     * @throws IllegalArgumentException if count < 1 or imageSize < 8
     */
    public static SampleSet generate(long seed, int count, int imageSize) {
        checkSize(count, imageSize);
        long total = (long) count * SampleSet.CHANNELS * imageSize * imageSize;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " images of " + imageSize + " px need " + total
                    + " bytes: expected at most 2 GB in one sample set (generate it in blocks instead)");
        }
        byte[] pixels = new byte[(int) total];
        int[] labels = new int[count];
        int[][] tags = new int[count][];
        int[] scenes = new int[count];
        generateRange(seed, imageSize, 0, count, pixels, labels, tags, scenes);
        return new SampleSet(
                seed, imageSize, pixels, labels, tags, scenes, classNames(), VOCABULARY_LIST, sceneNames());
    }

    /** Receives generated images in order, one block at a time; the arrays are reused for the next block. */
    @FunctionalInterface
    public interface BlockSink {
        /**
         * @param first  index of the block's first image in the whole set
         * @param count  images in this block (the arrays may be longer)
         * @param pixels the block's images back to back, CHW uint8
         */
        void accept(int first, int count, byte[] pixels, int[] labels, int[][] tags, int[] scenes) throws IOException;
    }

    /**
     * Generates the same images as {@link #generate(long, int, int)}, byte for byte, handing them to {@code sink}
     * in blocks of {@code blockImages}: a set larger than the heap (the default 20,000 images of 64 px are 246 MB)
     * never sits in it whole.
     */
    public static void generate(long seed, int count, int imageSize, int blockImages, BlockSink sink)
            throws IOException {
        checkSize(count, imageSize);
        if (blockImages < 1) {
            throw new IllegalArgumentException("blockImages = " + blockImages + ": expected at least 1");
        }
        int block = Math.min(blockImages, count);
        byte[] pixels = new byte[block * SampleSet.CHANNELS * imageSize * imageSize];
        int[] labels = new int[block];
        int[][] tags = new int[block][];
        int[] scenes = new int[block];
        for (int first = 0; first < count; first += block) {
            int n = Math.min(block, count - first);
            generateRange(seed, imageSize, first, n, pixels, labels, tags, scenes);
            sink.accept(first, n, pixels, labels, tags, scenes);
        }
    }

    private static void checkSize(int count, int imageSize) {
        if (count < 1) {
            throw new IllegalArgumentException("count = " + count + ": expected at least 1 image");
        }
        if (imageSize < 8) {
            throw new IllegalArgumentException("imageSize = " + imageSize + ": expected at least 8 pixels");
        }
    }

    /** Images {@code first .. first + n - 1} into the arrays from index 0. */
    private static void generateRange(
            long seed, int imageSize, int first, int n, byte[] pixels, int[] labels, int[][] tags, int[] scenes) {
        // Image i depends only on (seed, i), so chunks can run on all cores and the bytes stay the same.
        int chunks = (n + CHUNK - 1) / CHUNK;
        IntStream.range(0, chunks).parallel().forEach(chunk -> {
            Raster raster = new Raster(imageSize);
            boolean[] marks = new boolean[VOCABULARY.size()];
            for (int j = chunk * CHUNK, end = Math.min(n, j + CHUNK); j < end; j++) {
                SplitMix64 rng = SplitMix64.forItem(seed, first + j);
                Scene scene = SCENES[rng.pick(SCENE_WEIGHTS)];
                scenes[j] = scene.ordinal();
                labels[j] = drawImage(rng, scene, raster, marks);
                raster.copyTo(pixels, j * raster.bytes());
                addNoiseTags(rng, marks);
                tags[j] = collect(marks);
            }
        });
    }

    /** Draws background and objects, marks the true tags (after missing / synonym noise); returns the class. */
    private static int drawImage(SplitMix64 rng, Scene scene, Raster raster, boolean[] marks) {
        int size = raster.size();
        raster.background(rng, scene);
        for (int t = 0; t < scene.tags.size(); t++) {
            if (rng.chance(Scene.tagApplies(t))) {
                mark(rng, marks, scene.tags.get(t), null);
            }
        }
        int objects = 1 + rng.pick(OBJECT_COUNT);
        Shape main = rng.chance(0.6)
                ? scene.shapes.get(rng.pick(SCENE_SHAPE_WEIGHTS[scene.ordinal()]))
                : SHAPES[rng.nextInt(SHAPES.length)];
        // Other objects first, the main object last so it stays on top.
        for (int k = 1; k < objects; k++) {
            Shape shape = rng.chance(0.8)
                    ? scene.shapes.get(rng.nextInt(scene.shapes.size()))
                    : SHAPES[rng.nextInt(SHAPES.length)];
            Palette colour = colour(rng, scene);
            int texture = rng.pick(TEXTURE_WEIGHTS);
            double radius = size * (rng.chance(0.5) ? 0.07 : 0.09) * rng.between(0.9, 1.1);
            double cx = rng.between(radius, size - radius);
            double cy = rng.between(radius, size - radius);
            raster.object(shape, colour, texture, cx, cy, radius, rng.between(0, 2 * Math.PI));
            if (rng.chance(0.5)) {
                mark(rng, marks, shape.tag, shape.synonym);
            }
            if (rng.chance(0.4)) {
                mark(rng, marks, colour.tag, colour.synonym);
            }
        }
        Palette colour = colour(rng, scene);
        int texture = rng.pick(TEXTURE_WEIGHTS);
        int sizeClass = rng.pick(SIZE_WEIGHTS);
        double radius = size * (0.2 + 0.06 * sizeClass) * rng.between(0.92, 1.08);
        double cx = size / 2.0 + rng.between(-0.15, 0.15) * size;
        double cy = size / 2.0 + rng.between(-0.15, 0.15) * size;
        // upright within +-20 degrees: at any angle a square is a diamond and a 6-pixel hexagon a circle
        raster.object(main, colour, texture, cx, cy, radius, rng.between(-MAIN_TILT, MAIN_TILT));
        if (rng.chance(0.95)) {
            mark(rng, marks, main.tag, main.synonym);
        }
        if (rng.chance(0.8)) {
            mark(rng, marks, colour.tag, colour.synonym);
        }
        if (texture > 0 && rng.chance(0.7)) {
            mark(rng, marks, new String[] {"striped", "dotted", "checkered"}[texture - 1], null);
        }
        if (sizeClass != 1 && rng.chance(0.6)) {
            mark(rng, marks, sizeClass == 0 ? "small" : "big", sizeClass == 0 ? null : "large");
        }
        if (objects > 1 && rng.chance(0.5)) {
            mark(rng, marks, objects == 2 ? "pair" : "group", null);
        }
        raster.grain(rng);
        return main.ordinal();
    }

    private static Palette colour(SplitMix64 rng, Scene scene) {
        return rng.chance(0.8)
                ? scene.palette.get(rng.nextInt(scene.palette.size()))
                : COLOURS[rng.nextInt(COLOURS.length)];
    }

    /** Marks a true tag, unless it goes missing; sometimes as its synonym. */
    private static void mark(SplitMix64 rng, boolean[] marks, String tag, String synonym) {
        if (rng.chance(MISSING)) {
            return;
        }
        String written = synonym != null && rng.chance(SYNONYM) ? synonym : tag;
        marks[VOCABULARY.get(written)] = true;
    }

    private static void addNoiseTags(SplitMix64 rng, boolean[] marks) {
        int extra = rng.pick(new double[] {0.45, 0.35, 0.2});
        for (int k = 0; k < extra; k++) {
            if (rng.chance(0.75)) {
                marks[VOCABULARY.get(WEB_WORDS[rng.pick(WEB_WEIGHTS)])] = true;
            } else {
                marks[rng.nextInt(marks.length)] = true;
            }
        }
    }

    private static int[] collect(boolean[] marks) {
        int n = 0;
        for (boolean m : marks) {
            n += m ? 1 : 0;
        }
        int[] out = new int[n];
        int j = 0;
        for (int t = 0; t < marks.length; t++) {
            if (marks[t]) {
                out[j++] = t;
                marks[t] = false;
            }
        }
        return out;
    }

    static double[] zipf(int n, double exponent) {
        double[] w = new double[n];
        for (int r = 0; r < n; r++) {
            w[r] = 1.0 / Math.pow(r + 1, exponent);
        }
        return w;
    }

    private static Map<String, Integer> buildVocabulary() {
        List<String> words = new ArrayList<>();
        for (Shape s : Shape.values()) {
            words.add(s.tag);
        }
        for (Shape s : Shape.values()) {
            words.add(s.synonym);
        }
        for (Palette c : Palette.values()) {
            words.add(c.tag);
        }
        for (Palette c : Palette.values()) {
            words.add(c.synonym);
        }
        words.addAll(List.of(SIZE_AND_LOOK));
        for (Scene s : Scene.values()) {
            words.addAll(s.tags);
        }
        words.addAll(List.of(WEB_WORDS));
        Map<String, Integer> vocabulary = new LinkedHashMap<>();
        for (String w : words) {
            if (w != null) {
                vocabulary.putIfAbsent(w, vocabulary.size());
            }
        }
        return vocabulary;
    }

    /** Benchmark: {@code java -cp sample-data/target/classes org.moeworkbench.sample.SampleGenerator [N] [SIZE]}. */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        for (int run = 1; run <= 3; run++) {
            long start = System.nanoTime();
            SampleSet set = generate(7, count, size);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "run %d: %,d images of %dx%d in %.2f s (%,d pixel bytes, %d tags)%n",
                    run,
                    set.size(),
                    size,
                    size,
                    seconds,
                    set.pixels().length,
                    set.vocabulary().size());
        }
    }
}
