package org.moeworkbench.engine.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A folder per class (the ImageNet layout): {@code ROOT/CLASS/image.jpg}. If ROOT holds {@code train}
 * and {@code val} / {@code validation} / {@code test} folders, each is a split laid out that way;
 * otherwise ROOT is the train split. Classes are the train split's folder names, sorted.
 */
final class ClassFolderReader {
    private static final Map<String, List<String>> SPLIT_FOLDERS = new LinkedHashMap<>();

    static {
        SPLIT_FOLDERS.put("train", List.of("train"));
        SPLIT_FOLDERS.put("validation", List.of("val", "validation"));
        SPLIT_FOLDERS.put("test", List.of("test"));
    }

    private ClassFolderReader() {}

    /** True if some subfolder of {@code dir} (or of its train folder) holds images. */
    static boolean looksLike(Path dir) {
        Path root = Files.isDirectory(dir.resolve("train")) ? dir.resolve("train") : dir;
        return FolderImages.foldersIn(root).stream()
                .anyMatch(f -> !FolderImages.imagesIn(f).isEmpty());
    }

    static ImageDataset read(Path root, Integer size, boolean skipBadRecords) {
        if (!Files.isDirectory(root)) {
            throw new DatasetException(
                    root, "folder", "not a folder: expected a folder with one subfolder of images per class");
        }
        Map<String, Path> splitRoots = new LinkedHashMap<>();
        if (Files.isDirectory(root.resolve("train"))) {
            SPLIT_FOLDERS.forEach((split, names) -> names.stream()
                    .map(root::resolve)
                    .filter(Files::isDirectory)
                    .findFirst()
                    .ifPresent(p -> splitRoots.put(split, p)));
        } else {
            splitRoots.put("train", root);
        }
        Path trainRoot = splitRoots.get("train");
        List<String> classes = new ArrayList<>();
        for (Path f : FolderImages.foldersIn(trainRoot)) {
            if (!FolderImages.imagesIn(f).isEmpty()) {
                classes.add(f.getFileName().toString());
            }
        }
        if (classes.isEmpty()) {
            throw new DatasetException(
                    trainRoot,
                    "folder",
                    "no class folder with images in it: expected " + trainRoot.getFileName()
                            + "/CLASS/IMAGE.png (or .jpg, .jpeg, .bmp, .gif)");
        }
        BadRecords bad = new BadRecords(skipBadRecords);
        FolderImages.Shape shape = new FolderImages.Shape(size);
        Map<String, SplitBuilder> builders = new LinkedHashMap<>();
        for (Map.Entry<String, Path> split : splitRoots.entrySet()) {
            for (Path classFolder : FolderImages.foldersIn(split.getValue())) {
                String className = classFolder.getFileName().toString();
                List<Path> images = FolderImages.imagesIn(classFolder);
                int label = classes.indexOf(className);
                if (label < 0) {
                    if (!images.isEmpty()) {
                        bad.report(
                                new DatasetException(
                                        classFolder,
                                        "folder",
                                        "class \"" + className + "\" of split " + split.getKey()
                                                + " is not a class of the train split: expected one of " + classes),
                                images.size());
                    }
                    continue;
                }
                for (Path image : images) {
                    try {
                        byte[] pixels = shape.load(image, "image of class " + className);
                        builders.computeIfAbsent(
                                        split.getKey(),
                                        s -> new SplitBuilder(s, shape.channels(), shape.size(), shape.size()))
                                .add(pixels, 0, label, new int[0]);
                    } catch (DatasetException e) {
                        bad.report(e);
                    }
                }
            }
        }
        if (!shape.known()) {
            throw new DatasetException(
                    trainRoot, "folder", "none of its images could be read: expected readable image files");
        }
        int c = shape.channels();
        int s = shape.size();
        return new ImageDataset(
                "class-folder: " + root,
                classes,
                List.of(),
                build(builders, "train", c, s),
                build(builders, "validation", c, s),
                build(builders, "test", c, s),
                bad.count(),
                bad.messages());
    }

    private static InMemorySplit build(Map<String, SplitBuilder> builders, String split, int c, int s) {
        SplitBuilder b = builders.get(split);
        return b == null ? InMemorySplit.empty(split, c, s, s) : b.build(false);
    }
}
