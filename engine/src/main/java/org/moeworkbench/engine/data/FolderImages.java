package org.moeworkbench.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Shared by the folder readers: which files are images, and decoding one to the dataset's shape. */
final class FolderImages {
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    /** The shape every image of a folder dataset is brought to: set by the first image unless given. */
    static final class Shape {
        private int channels;
        private int size;

        /** @param size target side, or null to take the first image's shorter side */
        Shape(Integer size) {
            this.size = size == null ? 0 : size;
        }

        int channels() {
            return channels;
        }

        int size() {
            return size;
        }

        boolean known() {
            return channels > 0;
        }

        /** Decodes {@code file} and converts it to this shape (the first image fixes channels and, if unset, size). */
        byte[] load(Path file, String where) {
            ImageCodec.Decoded d = ImageCodec.decode(file, where);
            if (channels == 0) {
                channels = d.channels();
                if (size == 0) {
                    size = Math.min(d.height(), d.width());
                }
            }
            byte[] converted = ImageCodec.toChannels(d.pixels(), d.channels(), d.height() * d.width(), channels);
            return ImageResizer.resizeCenterCrop(converted, channels, d.height(), d.width(), size);
        }
    }

    private FolderImages() {}

    static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                && Files.isRegularFile(file);
    }

    /** Image files directly in {@code dir}, sorted by name. */
    static List<Path> imagesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(FolderImages::isImage).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "folder", "cannot list it (" + e.getMessage() + ")", e);
        }
    }

    /** Subfolders of {@code dir}, sorted by name (hidden ones left out). */
    static List<Path> foldersIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isDirectory)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DatasetException(dir, "folder", "cannot list it (" + e.getMessage() + ")", e);
        }
    }
}
