package org.moeworkbench.engine.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder of images with a tags CSV, the shape of Flickr / YFCC100M exports: {@code path,tags} with
 * the tags space-separated and the path relative to the CSV. Optional columns {@code class} (a
 * single label) and {@code split} (train, validation or test; default train) when the first line is
 * a header naming them. The vocabulary is ordered by frequency (then alphabetically), classes alphabetically.
 */
final class TaggedFolderReader {

    private TaggedFolderReader() {}

    /** The tags CSV: the source itself, {@code tags.csv} in it, or its only .csv file; null if none. */
    static Path findCsv(Path source) {
        if (Files.isRegularFile(source)) {
            return source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? source : null;
        }
        if (Files.isRegularFile(source.resolve("tags.csv"))) {
            return source.resolve("tags.csv");
        }
        try (Stream<Path> files = Files.list(source)) {
            List<Path> csvs = files.filter(f ->
                            f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .sorted()
                    .toList();
            if (csvs.size() > 1) {
                throw new DatasetException(
                        source,
                        "folder",
                        "several CSV files "
                                + csvs.stream()
                                        .map(p -> p.getFileName().toString())
                                        .toList() + ": expected tags.csv or a single CSV");
            }
            return csvs.isEmpty() ? null : csvs.get(0);
        } catch (IOException e) {
            throw new DatasetException(source, "folder", "cannot list it (" + e.getMessage() + ")", e);
        }
    }

    static ImageDataset read(Path source, Integer size, boolean skipBadRecords) {
        Path csv = findCsv(source);
        if (csv == null) {
            throw new DatasetException(source, "folder", "no tags CSV: expected tags.csv with lines \"path,tags\"");
        }
        Path base = csv.toAbsolutePath().getParent();
        BadRecords bad = new BadRecords(skipBadRecords);
        FolderImages.Shape shape = new FolderImages.Shape(size);
        Map<String, Integer> tagIds = new LinkedHashMap<>();
        Map<String, Integer> classIds = new LinkedHashMap<>();
        Map<String, SplitBuilder> splits = new LinkedHashMap<>();
        List<Integer> tagCounts = new ArrayList<>();
        Map<String, String> seen = new HashMap<>(); // image file (real path) -> where it was first listed
        Path root = realFolder(base);
        int records = 0;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            Columns columns = null;
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields;
                try {
                    fields = CsvLine.parse(line);
                } catch (IllegalArgumentException e) {
                    records++;
                    bad.report(new DatasetException(
                            csv,
                            "line " + lineNumber,
                            "unclosed quote: a field that starts with \" must end with \" on the same line"));
                    continue;
                }
                if (columns == null) {
                    columns = Columns.of(fields);
                    if (columns.header) {
                        continue;
                    }
                }
                String where = csv.getFileName() + " line " + lineNumber;
                records++;
                try {
                    Record r = columns.record(fields, csv, where);
                    Path file = insideFolder(root, base.resolve(r.path).normalize(), csv, where);
                    String firstSeen = seen.putIfAbsent(file.toString(), r.split + " (line " + lineNumber + ")");
                    if (firstSeen != null) {
                        throw new DatasetException(
                                csv,
                                where.substring(where.indexOf("line")),
                                r.path + " is listed again: first in " + firstSeen + ", now in " + r.split
                                        + (firstSeen.startsWith(r.split + " ")
                                                ? ": remove the duplicate line"
                                                : ": an image in two splits leaks test data into training; keep it"
                                                        + " in one split"));
                    }
                    byte[] image = shape.load(file, where);
                    int label = -1;
                    if (r.className != null) {
                        label = classIds.computeIfAbsent(r.className, k -> classIds.size());
                    }
                    int[] tags = r.tags.stream()
                            .distinct()
                            .mapToInt(t -> {
                                int id = tagIds.computeIfAbsent(t, k -> tagIds.size());
                                if (id == tagCounts.size()) {
                                    tagCounts.add(0);
                                }
                                tagCounts.set(id, tagCounts.get(id) + 1);
                                return id;
                            })
                            .toArray();
                    splits.computeIfAbsent(
                                    r.split, s -> new SplitBuilder(s, shape.channels(), shape.size(), shape.size()))
                            .add(image, 0, label, tags);
                } catch (DatasetException e) {
                    bad.report(e);
                }
            }
        } catch (IOException e) {
            throw new DatasetException(csv, "reading", e.getMessage() + ": expected a readable UTF-8 CSV file", e);
        }
        if (!shape.known()) {
            throw new DatasetException(
                    csv,
                    "all lines",
                    records == 0
                            ? "no records: expected lines \"path,tags\""
                            : "none of its " + records + " images could be read: expected readable image files");
        }
        List<String> vocabulary = new ArrayList<>(tagIds.keySet());
        vocabulary.sort(Comparator.comparing((String t) -> -tagCounts.get(tagIds.get(t)))
                .thenComparing(t -> t));
        List<String> classes = new ArrayList<>(classIds.keySet());
        classes.sort(null);
        int[] tagMap = remap(tagIds, vocabulary);
        int[] classMap = remap(classIds, classes);
        int c = shape.channels();
        int s = shape.size();
        Map<String, InMemorySplit> built = new HashMap<>();
        splits.forEach((name, b) -> built.put(name, b.build(true, classMap, tagMap)));
        return new ImageDataset(
                "tagged-folder: " + csv,
                classes,
                vocabulary,
                built.getOrDefault("train", InMemorySplit.empty("train", c, s, s)),
                built.getOrDefault("validation", InMemorySplit.empty("validation", c, s, s)),
                built.getOrDefault("test", InMemorySplit.empty("test", c, s, s)),
                bad.count(),
                bad.messages());
    }

    /**
     * Opt-out of the folder boundary ({@code -Dmoe.dataset.allowOutsideFolder=true}): image paths in tags.csv may
     * then point anywhere this user can read.
     */
    static final String ALLOW_OUTSIDE = "moe.dataset.allowOutsideFolder";

    private static Path realFolder(Path base) {
        try {
            return base.toRealPath();
        } catch (IOException e) {
            return base;
        }
    }

    /**
     * The image file, resolved through symbolic links, if it lies inside the dataset folder: a row such as
     * {@code ../../x.png} or {@code /etc/passwd} would otherwise read any file this user can.
     */
    private static Path insideFolder(Path root, Path file, Path csv, String where) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            real = file; // missing: ImageCodec names it
        }
        if (!real.startsWith(root) && !Boolean.getBoolean(ALLOW_OUTSIDE)) {
            throw new DatasetException(
                    csv,
                    where.substring(where.indexOf("line")),
                    "the image path leads outside the dataset folder (to " + real + "): paths in " + csv.getFileName()
                            + " must stay inside " + root + " (to allow it, run with -D" + ALLOW_OUTSIDE + "=true)");
        }
        return real;
    }

    private static int[] remap(Map<String, Integer> ids, List<String> order) {
        int[] map = new int[ids.size()];
        for (int i = 0; i < order.size(); i++) {
            map[ids.get(order.get(i))] = i;
        }
        return map;
    }

    private record Record(String path, List<String> tags, String className, String split) {}

    /** Column positions: from a header line naming them, else path, tags, class, split in that order. */
    private record Columns(boolean header, int path, int tags, int className, int split) {
        static Columns of(List<String> first) {
            List<String> names =
                    first.stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
            if (names.contains("path")) {
                return new Columns(
                        true,
                        names.indexOf("path"),
                        names.indexOf("tags"),
                        names.indexOf("class"),
                        names.indexOf("split"));
            }
            return new Columns(false, 0, 1, first.size() > 2 ? 2 : -1, first.size() > 3 ? 3 : -1);
        }

        Record record(List<String> fields, Path csv, String where) {
            String file = field(fields, path);
            if (file == null || file.isBlank()) {
                throw new DatasetException(
                        csv, where.substring(where.indexOf("line")), "no image path: expected \"path,tags\"");
            }
            String tagField = field(fields, tags);
            List<String> tagList = tagField == null || tagField.isBlank()
                    ? List.of()
                    : List.of(tagField.strip().split("\\s+"));
            String cls = field(fields, className);
            String splitName = field(fields, split);
            String normalised = splitName == null || splitName.isBlank()
                    ? "train"
                    : splitName.strip().toLowerCase(Locale.ROOT);
            if (normalised.equals("val")) {
                normalised = "validation";
            }
            if (!List.of("train", "validation", "test").contains(normalised)) {
                throw new DatasetException(
                        csv,
                        where.substring(where.indexOf("line")),
                        "split \"" + splitName + "\": expected train, validation or test");
            }
            return new Record(file.strip(), tagList, cls == null || cls.isBlank() ? null : cls.strip(), normalised);
        }

        private static String field(List<String> fields, int index) {
            return index >= 0 && index < fields.size() ? fields.get(index) : null;
        }
    }
}
