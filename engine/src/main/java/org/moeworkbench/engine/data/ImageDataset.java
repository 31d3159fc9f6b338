package org.moeworkbench.engine.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Images with a single-label class and/or a multi-label tag set over a vocabulary, in train /
 * validation / test splits of one shape. Immutable; the content hash and the normalisation statistics
 * are computed on first use.
 */
public final class ImageDataset {
    private final String name;
    private final List<String> classNames;
    private final List<String> tagVocabulary;
    private final DatasetSplit train;
    private final DatasetSplit validation;
    private final DatasetSplit test;
    private final int skippedRecords;
    private final List<String> skipMessages;
    private volatile String sha256;
    private volatile Normalization normalization;

    /**
     * @param classNames     class names (empty if the data has no single-label classes)
     * @param tagVocabulary  tag words (empty if the data has no tags)
     * @param skippedRecords bad records left out because {@code skipBadRecords} was on
     * @param skipMessages   the first few of their messages
     * @throws DatasetException if the splits differ in shape or a label or tag is out of range
     */
    public ImageDataset(
            String name,
            List<String> classNames,
            List<String> tagVocabulary,
            DatasetSplit train,
            DatasetSplit validation,
            DatasetSplit test,
            int skippedRecords,
            List<String> skipMessages) {
        this.name = Objects.requireNonNull(name, "name");
        this.classNames = List.copyOf(classNames);
        this.tagVocabulary = List.copyOf(tagVocabulary);
        this.train = train;
        this.validation = validation;
        this.test = test;
        this.skippedRecords = skippedRecords;
        this.skipMessages = List.copyOf(skipMessages);
        for (DatasetSplit split : splits()) {
            if (split.channels() != train.channels()
                    || split.height() != train.height()
                    || split.width() != train.width()) {
                throw new DatasetException(name + ": split " + split.name() + " has images of " + shape(split)
                        + ": expected " + shape(train) + " like the train split");
            }
            checkRanges(split);
        }
    }

    private void checkRanges(DatasetSplit split) {
        for (int i = 0; i < split.size(); i++) {
            int label = split.label(i);
            if (label < -1 || label >= classNames.size()) {
                throw new DatasetException(name + ": split " + split.name() + " record " + i + ": label " + label
                        + " is out of range: expected 0.." + (classNames.size() - 1)
                        + (classNames.isEmpty() ? " (the dataset has no classes, so -1)" : ""));
            }
            for (int t : split.tags(i)) {
                if (t < 0 || t >= tagVocabulary.size()) {
                    throw new DatasetException(name + ": split " + split.name() + " record " + i + ": tag " + t
                            + " is out of range: expected 0.." + (tagVocabulary.size() - 1));
                }
            }
        }
    }

    private static String shape(DatasetSplit s) {
        return s.channels() + "x" + s.height() + "x" + s.width();
    }

    public String name() {
        return name;
    }

    public int channels() {
        return train.channels();
    }

    public int height() {
        return train.height();
    }

    public int width() {
        return train.width();
    }

    public List<String> classNames() {
        return classNames;
    }

    public List<String> tagVocabulary() {
        return tagVocabulary;
    }

    public boolean hasClasses() {
        return !classNames.isEmpty();
    }

    public boolean hasTags() {
        return !tagVocabulary.isEmpty();
    }

    public DatasetSplit train() {
        return train;
    }

    public DatasetSplit validation() {
        return validation;
    }

    public DatasetSplit test() {
        return test;
    }

    /** train, validation, test. */
    public List<DatasetSplit> splits() {
        return List.of(train, validation, test);
    }

    /** Bad records left out because skipping was on (0 otherwise: bad records throw). */
    public int skippedRecords() {
        return skippedRecords;
    }

    /** The first few messages of the skipped records. */
    public List<String> skipMessages() {
        return skipMessages;
    }

    /** Per-channel normalisation from the training split (see {@link Normalization}). */
    public Normalization normalization() {
        Normalization n = normalization;
        if (n == null) {
            n = Normalization.of(train);
            normalization = n;
        }
        return n;
    }

    /**
     * SHA-256 (hex) of the content: image shape, class names, tag vocabulary and, per split in order,
     * its name, size and each record's pixels, label and tags. Independent of how the data is stored
     * (memory or mapped file) and of the dataset's display name; it identifies the data in a run's provenance.
     */
    public String sha256() {
        String h = sha256;
        if (h == null) {
            h = computeHash();
            sha256 = h;
        }
        return h;
    }

    private String computeHash() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        sha.update("moe-dataset-v1".getBytes(StandardCharsets.UTF_8));
        updateInts(sha, channels(), height(), width(), classNames.size(), tagVocabulary.size());
        for (String s : classNames) {
            updateString(sha, s);
        }
        for (String s : tagVocabulary) {
            updateString(sha, s);
        }
        byte[] image = new byte[train.imageBytes()];
        for (DatasetSplit split : splits()) {
            updateString(sha, split.name());
            updateInts(sha, split.size());
            for (int i = 0; i < split.size(); i++) {
                split.copyImage(i, image, 0);
                sha.update(image);
                int[] tags = split.tags(i);
                updateInts(sha, split.label(i), tags.length);
                updateInts(sha, tags);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void updateString(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        updateInts(sha, bytes.length);
        sha.update(bytes);
    }

    private static void updateInts(MessageDigest sha, int... values) {
        for (int v : values) {
            sha.update((byte) (v >>> 24));
            sha.update((byte) (v >>> 16));
            sha.update((byte) (v >>> 8));
            sha.update((byte) v);
        }
    }
}
