package org.moeworkbench.engine.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@code moe data describe} reports about a dataset: counts, shape, classes, top tags, hash. */
public record DatasetSummary(
        String name,
        String format,
        int channels,
        int height,
        int width,
        Map<String, Integer> splits,
        List<String> classNames,
        Map<String, int[]> classCounts,
        int tags,
        List<TagCount> topTags,
        double tagsPerImage,
        int skippedRecords,
        List<String> skipMessages,
        String hash) {

    /** A tag and the number of images (over all splits) that carry it. */
    public record TagCount(String tag, int count) {}

    public static DatasetSummary of(ImageDataset dataset, String format, int topTagCount) {
        Map<String, Integer> splits = new LinkedHashMap<>();
        Map<String, int[]> classCounts = new LinkedHashMap<>();
        long images = 0;
        long tagged = 0;
        for (DatasetSplit split : dataset.splits()) {
            splits.put(split.name(), split.size());
            images += split.size();
            int[] counts = new int[dataset.classNames().size()];
            for (int i = 0; i < split.size(); i++) {
                int label = split.label(i);
                if (label >= 0) {
                    counts[label]++;
                }
                tagged += split.tags(i).length;
            }
            classCounts.put(split.name(), counts);
        }
        int[] tagCounts = Datasets.tagCounts(dataset, dataset.splits());
        List<TagCount> top = new ArrayList<>();
        for (int t = 0; t < tagCounts.length; t++) {
            top.add(new TagCount(dataset.tagVocabulary().get(t), tagCounts[t]));
        }
        top.sort(Comparator.comparingInt(TagCount::count).reversed().thenComparing(TagCount::tag));
        return new DatasetSummary(
                dataset.name(),
                format,
                dataset.channels(),
                dataset.height(),
                dataset.width(),
                splits,
                dataset.classNames(),
                classCounts,
                dataset.tagVocabulary().size(),
                List.copyOf(top.subList(0, Math.min(topTagCount, top.size()))),
                images == 0 ? 0 : tagged / (double) images,
                dataset.skippedRecords(),
                dataset.skipMessages(),
                dataset.sha256());
    }

    /** As a JSON-ready map (keys sorted). */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new TreeMap<>();
        m.put("dataset", name);
        m.put("format", format);
        m.put("channels", channels);
        m.put("height", height);
        m.put("width", width);
        m.put("splits", new TreeMap<>(splits));
        m.put("classes", classNames.size());
        m.put("classNames", classNames);
        m.put("classCounts", new TreeMap<>(classCounts));
        m.put("tags", tags);
        m.put("tagsPerImage", tagsPerImage);
        List<Map<String, Object>> top = new ArrayList<>();
        for (TagCount t : topTags) {
            Map<String, Object> e = new TreeMap<>();
            e.put("tag", t.tag());
            e.put("count", t.count());
            top.add(e);
        }
        m.put("topTags", top);
        m.put("skippedRecords", skippedRecords);
        m.put("skipMessages", skipMessages);
        m.put("hash", hash);
        return m;
    }

    /** As text for a terminal. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        long total = splits.values().stream().mapToLong(Integer::longValue).sum();
        line(s, "dataset", name);
        line(s, "format", format);
        line(
                s,
                "images",
                String.format("%,d: %d x %d x %d (channels x height x width), uint8", total, channels, height, width));
        List<String> parts = new ArrayList<>();
        splits.forEach((k, v) -> parts.add(String.format("%s %,d", k, v)));
        line(s, "splits", String.join(", ", parts));
        if (classNames.isEmpty()) {
            line(s, "classes", "none");
        } else {
            line(
                    s,
                    "classes",
                    classNames.size() + (classNames.size() <= 20 ? ": " + String.join(", ", classNames) : ""));
            classCounts.forEach((split, counts) -> {
                if (splits.get(split) > 0 && counts.length <= 20) {
                    List<String> c = new ArrayList<>();
                    for (int k = 0; k < counts.length; k++) {
                        c.add(String.format("%s %,d", classNames.get(k), counts[k]));
                    }
                    line(s, "  " + split, String.join(", ", c));
                } else if (splits.get(split) > 0) {
                    int min = java.util.Arrays.stream(counts).min().orElse(0);
                    int max = java.util.Arrays.stream(counts).max().orElse(0);
                    line(s, "  " + split, String.format("%,d to %,d images per class", min, max));
                }
            });
        }
        if (tags == 0) {
            line(s, "tags", "none");
        } else {
            line(s, "tags", String.format("%d words, %.2f tags per image", tags, tagsPerImage));
            List<String> t = new ArrayList<>();
            for (TagCount tc : topTags) {
                t.add(String.format("%s %,d (%.1f%%)", tc.tag(), tc.count(), 100.0 * tc.count() / Math.max(1, total)));
            }
            line(s, "top tags", String.join(", ", t));
        }
        line(s, "skipped", skippedRecords + " bad records" + (skippedRecords > 0 ? " (skipBadRecords is on)" : ""));
        for (String m : skipMessages) {
            line(s, "", m);
        }
        line(s, "hash", "sha256 " + hash);
        return s.toString();
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(String.format("%-10s %s%n", key, value));
    }
}
