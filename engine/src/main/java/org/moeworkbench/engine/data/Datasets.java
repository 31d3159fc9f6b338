package org.moeworkbench.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.moeworkbench.engine.config.DataConfig;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.Task;
import org.moeworkbench.sample.SplitMix64;

/** Opens the dataset a {@link DataConfig} names: reads it, brings it to the image size, holds out validation. */
public final class Datasets {
    /** Seed of the permutation that picks the validation images out of train (part of the data's identity). */
    public static final long VALIDATION_SEED = 20_170_000L;

    private Datasets() {}

    /**
     * The dataset for training: images resized / centre-cropped to {@code imageSize} (a grey source stays
     * 1 channel), a validation split held out of train when the source has none, and checked against the task.
     *
     * @throws DatasetException      if the data cannot be read (the message names file and record)
     * @throws InvalidConfigException if the data cannot serve the configured task
     */
    public static ImageDataset open(DataConfig config) {
        ImageDataset dataset = read(config, config.imageSize());
        dataset = resize(dataset, config.imageSize());
        dataset = holdOutValidation(dataset, config.validationFraction());
        if (dataset.skippedRecords() > 0) {
            System.err.println("warning: " + dataset.name() + ": skipped " + dataset.skippedRecords()
                    + " bad records (data.skipBadRecords is on); first: "
                    + dataset.skipMessages().get(0));
        }
        if (config.task() == Task.CLASSES && !dataset.hasClasses()) {
            throw new InvalidConfigException(
                    "data.task", config.task(), "\"tags\": " + dataset.name() + " has no classes");
        }
        if (config.task() == Task.TAGS && !dataset.hasTags()) {
            throw new InvalidConfigException(
                    "data.task", config.task(), "\"classes\": " + dataset.name() + " has no tags");
        }
        if (config.task() == Task.TAGS) {
            if (config.skipBadRecords()) {
                dataset = withoutUntagged(dataset);
            }
            requireTags(dataset);
        }
        return dataset;
    }

    /**
     * The dataset without its images that have no tag (they carry no supervision under the tag task; Gross et al.
     * keep only images with at least one tag), counted with the skipped records. The sample generator's tag noise
     * leaves a few such images (3 of 6,000 at seed 7), so its hard-MoE demos turn {@code skipBadRecords} on.
     */
    static ImageDataset withoutUntagged(ImageDataset dataset) {
        int dropped = 0;
        String first = null;
        List<DatasetSplit> kept = new java.util.ArrayList<>();
        for (DatasetSplit split : List.of(dataset.train(), dataset.validation(), dataset.test())) {
            int[] tagged = java.util.stream.IntStream.range(0, split.size())
                    .filter(i -> split.tags(i).length > 0)
                    .toArray();
            if (tagged.length == split.size()) {
                kept.add(split);
                continue;
            }
            if (first == null) {
                for (int i = 0; i < split.size(); i++) {
                    if (split.tags(i).length == 0) {
                        first = split.name() + " image " + (i + 1) + " has no tag";
                        break;
                    }
                }
            }
            dropped += split.size() - tagged.length;
            kept.add(new SubsetSplit(split.name(), split, tagged));
        }
        if (dropped == 0) {
            return dataset;
        }
        System.err.println("warning: " + dataset.name() + ": left out " + dropped
                + " images without tags (data.task \"tags\", data.skipBadRecords is on); first: " + first);
        List<String> messages = new java.util.ArrayList<>(dataset.skipMessages());
        messages.add(first);
        return new ImageDataset(
                dataset.name(),
                dataset.classNames(),
                dataset.tagVocabulary(),
                kept.get(0),
                kept.get(1),
                kept.get(2),
                dataset.skippedRecords() + dropped,
                messages);
    }

    /** Under the tag task every image needs at least one tag: an empty list would be trained as "no tag is true". */
    private static void requireTags(ImageDataset dataset) {
        int empty = 0;
        String first = null;
        for (DatasetSplit split : List.of(dataset.train(), dataset.validation(), dataset.test())) {
            for (int i = 0; i < split.size(); i++) {
                if (split.tags(i).length == 0) {
                    empty++;
                    if (first == null) {
                        first = split.name() + " image " + (i + 1);
                    }
                }
            }
        }
        if (empty > 0) {
            throw new DatasetException(dataset.name() + ": empty tag list on " + empty + " rows (first: " + first
                    + "): under data.task \"tags\" every image needs at least one tag; add tags, remove those rows,"
                    + " set data.skipBadRecords to true to leave them out, or use data.task \"classes\"");
        }
    }

    /**
     * The source as it is: IDX and CIFAR at their own image size, folders at {@code size} (or the first
     * image's size if null), the sample set at {@code config.imageSize()}; no validation hold-out.
     */
    public static ImageDataset read(DataConfig config, Integer size) {
        String format = config.format().equals("auto") ? detect(config.source()) : config.format();
        if (format.equals("sample")) {
            return SampleSource.open(config.sampleSeed(), config.sampleImages(), config.imageSize());
        }
        Path path = Path.of(config.source());
        if (!Files.exists(path)) {
            throw new DatasetException(
                    path, "source", "does not exist: expected \"sample\" or a dataset file or folder");
        }
        boolean skip = config.skipBadRecords();
        return switch (format) {
            case "idx" -> IdxReader.read(path, skip);
            case "cifar10" -> CifarReader.readCifar10(path, skip);
            case "cifar100" -> CifarReader.readCifar100(path, skip);
            case "tagged-folder" -> TaggedFolderReader.read(path, size, skip);
            case "class-folder" -> ClassFolderReader.read(path, size, skip);
            default -> throw new InvalidConfigException("data.format", format, "one of " + DataConfig.FORMATS);
        };
    }

    /** The format of {@code source}: sample, idx, cifar10, cifar100, tagged-folder or class-folder. */
    public static String detect(String source) {
        if (source.equals("sample")) {
            return "sample";
        }
        Path path = Path.of(source);
        if (!Files.exists(path)) {
            throw new DatasetException(
                    path, "source", "does not exist: expected \"sample\" or a dataset file or folder");
        }
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (IdxReader.FILE.matcher(path.getFileName().toString()).matches()) {
                return "idx";
            }
            if (name.startsWith("data_batch_") || name.equals("test_batch.bin")) {
                return "cifar10";
            }
            if (name.equals("train.bin") || name.equals("test.bin")) {
                return "cifar100";
            }
            if (name.endsWith(".csv")) {
                return "tagged-folder";
            }
            throw new DatasetException(
                    path,
                    "file name",
                    "format unknown: expected an IDX file "
                            + "(train-images-idx3-ubyte[.gz]), a CIFAR .bin file or a tags .csv (or give --format)");
        }
        if (isEmpty(path)) {
            throw new DatasetException(
                    path,
                    "folder",
                    "is empty: expected IDX, CIFAR binary, image files with a "
                            + "tags.csv, or one folder of images per class");
        }
        if (IdxReader.looksLike(path)) {
            return "idx";
        }
        if (CifarReader.looksLikeCifar10(path)) {
            return "cifar10";
        }
        if (CifarReader.looksLikeCifar100(path)) {
            return "cifar100";
        }
        if (TaggedFolderReader.findCsv(path) != null) {
            return "tagged-folder";
        }
        if (ClassFolderReader.looksLike(path)) {
            return "class-folder";
        }
        throw new DatasetException(
                path,
                "folder",
                "format unknown: expected IDX files, CIFAR binary files, a tags "
                        + ".csv, or one subfolder of images per class");
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        } catch (IOException e) {
            throw new DatasetException(dir, "folder", "cannot list it (" + e.getMessage() + ")", e);
        }
    }

    /** Every split resized / centre-cropped to {@code size} x {@code size} (unchanged if it already is). */
    public static ImageDataset resize(ImageDataset dataset, int size) {
        if (dataset.height() == size && dataset.width() == size) {
            return dataset;
        }
        return new ImageDataset(
                dataset.name(),
                dataset.classNames(),
                dataset.tagVocabulary(),
                ImageResizer.resize(dataset.train(), size),
                ImageResizer.resize(dataset.validation(), size),
                ImageResizer.resize(dataset.test(), size),
                dataset.skippedRecords(),
                dataset.skipMessages());
    }

    /**
     * If the dataset has no validation images, moves {@code round(fraction x train)} training images,
     * picked by a permutation seeded with {@link #VALIDATION_SEED}, into validation (views, no copy).
     */
    public static ImageDataset holdOutValidation(ImageDataset dataset, double fraction) {
        int n = dataset.train().size();
        int held = (int) Math.round(n * fraction);
        if (dataset.validation().size() > 0 || held == 0) {
            return dataset;
        }
        int[] order = permutation(n, new SplitMix64(VALIDATION_SEED));
        int[] validation = Arrays.copyOf(order, held);
        int[] train = Arrays.copyOfRange(order, held, n);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new ImageDataset(
                dataset.name(),
                dataset.classNames(),
                dataset.tagVocabulary(),
                new SubsetSplit("train", dataset.train(), train),
                new SubsetSplit("validation", dataset.train(), validation),
                dataset.test(),
                dataset.skippedRecords(),
                dataset.skipMessages());
    }

    /** A Fisher-Yates shuffle of 0..n-1. */
    static int[] permutation(int n, SplitMix64 rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Tag frequencies over all splits: {@code counts[tag]} images carry the tag. */
    public static int[] tagCounts(ImageDataset dataset, List<DatasetSplit> splits) {
        int[] counts = new int[dataset.tagVocabulary().size()];
        for (DatasetSplit split : splits) {
            for (int i = 0; i < split.size(); i++) {
                for (int t : split.tags(i)) {
                    counts[t]++;
                }
            }
        }
        return counts;
    }
}
