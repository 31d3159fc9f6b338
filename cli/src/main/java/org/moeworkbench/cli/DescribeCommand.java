package org.moeworkbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.moeworkbench.engine.config.ConfigChoice;
import org.moeworkbench.engine.config.ConfigFileException;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.HardMoeConfig;
import org.moeworkbench.engine.config.InvalidConfigException;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Router;
import org.moeworkbench.engine.config.RunSpec;
import org.moeworkbench.engine.layout.BackboneLayout;
import org.moeworkbench.engine.layout.ModelPresets;
import org.moeworkbench.engine.layout.ModelSizer;
import org.moeworkbench.engine.layout.ModelSummary;
import org.moeworkbench.engine.train.MemoryCap;
import org.moeworkbench.engine.train.ResourceCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code moe describe}: params, active params and FLOPs of a model, per block and in total, without building it. */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = "Print a table per block (block, stage, kind, params, MoE or dense) and the totals: params, "
                + "params active per sample and FLOPs per image (multiply-adds x 2 of convolutions, linear layers "
                + "and attention).")
public final class DescribeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "An experiment config JSON (its model, moe and data.imageSize sections).")
    Path config;

    @Option(
            names = "--preset",
            description = "A model preset: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PresetNames.class)
    String preset;

    @Option(names = "--classes", defaultValue = "10", description = "Classifier outputs (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--channels", defaultValue = "3", description = "Input channels (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--image", description = "Image size in pixels (default: the preset's).")
    Integer image;

    @Option(
            names = "--experts",
            defaultValue = "0",
            description = "Experts per MoE layer, 0 = dense (default: ${DEFAULT-VALUE}).")
    int experts;

    @Option(names = "--top-k", defaultValue = "1", description = "Experts per token (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(
            names = "--placement",
            defaultValue = "last2",
            description = "every2, last2, last3, stage or blocks (default: ${DEFAULT-VALUE}).")
    String placement;

    @Option(names = "--blocks", split = ",", description = "Block indices for --placement blocks, e.g. 3,7.")
    List<Integer> blocks = new ArrayList<>();

    @Option(
            names = "--router",
            defaultValue = "linear",
            description = "linear, cosine or l2 (default: ${DEFAULT-VALUE}).")
    String router;

    @Option(
            names = "--router-dim",
            defaultValue = "32",
            description = "Cosine / L2 router projection size (default: ${DEFAULT-VALUE}).")
    int routerDim;

    @Option(names = "--expert-ratio", defaultValue = "4", description = "Expert mlp_ratio (default: ${DEFAULT-VALUE}).")
    double expertRatio;

    @Option(names = "--json", description = "Print a JSON object instead of a table.")
    boolean json;

    /** The training memory estimate of a --config (null for --preset, which has no batch size). */
    private String memory;

    /** For a hard-MoE config: that the table is its trunk, and how many copies the mixtures add. */
    private String hardMoeNote;

    static final class PresetNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        PresetNames() {
            super(ModelPresets.names());
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            BackboneLayout layout = config != null ? fromConfig() : fromOptions();
            ModelSummary summary = ModelSizer.summarize(layout);
            out.println(
                    json
                            ? CliJson.write(asJson(layout, summary))
                            : table(layout, summary)
                                    + (memory == null ? "" : String.format("%ntraining memory: %s", memory))
                                    + (hardMoeNote == null ? "" : String.format("%n%s", hardMoeNote)));
            out.flush();
            return 0;
        } catch (InvalidConfigException | ConfigFileException e) {
            err.println("moe describe: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("moe describe: " + e.getMessage());
            return 2;
        }
    }

    private BackboneLayout fromOptions() {
        if (preset == null) {
            throw new InvalidConfigException(
                    "--preset", null, "one of " + ModelPresets.names() + " (or --config FILE)");
        }
        ModelPresets.Preset p = ModelPresets.preset(preset);
        MoeConfig moe = new MoeConfig(
                experts,
                topK,
                ConfigChoice.parse(Placement.class, placement),
                blocks,
                ConfigChoice.parse(Router.class, router),
                routerDim,
                expertRatio,
                0,
                0.01,
                0,
                false,
                0.05);
        return BackboneLayout.of(p.config(), moe, classes, channels, image == null ? p.imageSize() : image);
    }

    /**
     * The layout of a config file, validated exactly as {@code moe train} validates it (the whole config, then the
     * memory estimate against the cap). A hard-MoE config describes its trunk, the network every expert copies.
     */
    private BackboneLayout fromConfig() throws IOException {
        JsonNode root;
        try {
            root = CliJson.MAPPER.readTree(config.toFile());
        } catch (IOException e) {
            throw new IOException(config + ": not a readable JSON file (" + e.getMessage() + ")", e);
        }
        ExperimentConfig experiment;
        if (RunSpec.isHardMoe(root)) {
            HardMoeConfig hard = ConfigJson.read(config, HardMoeConfig.class);
            experiment = hard.trunkExperiment();
            hardMoeNote = "hard MoE: the table is the trunk; the mixture of K adds K experts of the same network"
                    + " (K = " + hard.clusters() + ", one run each)";
        } else {
            experiment = ConfigJson.readExperiment(config);
        }
        ResourceCheck.require(experiment, MemoryCap.fromEnvironment());
        memory = ResourceCheck.estimate(experiment, classes, channels)
                .describe(experiment.training().batchSize());
        return BackboneLayout.of(
                experiment.model(),
                experiment.moe(),
                classes,
                channels,
                experiment.data().imageSize());
    }

    private Map<String, Object> asJson(BackboneLayout layout, ModelSummary summary) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", layout.model().preset());
        o.put("family", layout.model().family());
        o.put("imageSize", layout.imageSize());
        o.put("classes", layout.classes());
        o.put("experts", layout.moe().experts());
        o.put("topK", layout.moe().enabled() ? layout.moe().topK() : 0);
        o.put("params", summary.params());
        o.put("paramsActive", summary.paramsActive());
        o.put("flopsPerImage", summary.flopsPerImage());
        if (memory != null) {
            o.put("trainingMemory", memory);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < summary.blocks().size(); i++) {
            ModelSummary.BlockRow row = summary.blocks().get(i);
            BackboneLayout.Block block = layout.blocks().get(i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("block", row.index());
            r.put("stage", row.stage());
            r.put("kind", row.kind());
            r.put("params", row.params());
            r.put("moe", row.moe());
            r.put("dim", block.dim());
            r.put("tokens", block.tokens());
            rows.add(r);
        }
        o.put("blocks", rows);
        return o;
    }

    private static String table(BackboneLayout layout, ModelSummary summary) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                "%s (%s) at %dx%d, %d classes%s%n",
                layout.model().preset(),
                layout.model().family(),
                layout.imageSize(),
                layout.imageSize(),
                layout.classes(),
                layout.moe().enabled()
                        ? String.format(
                                ", MoE E=%d k=%d %s",
                                layout.moe().experts(),
                                layout.moe().topK(),
                                layout.moe().placement())
                        : ", dense"));
        s.append(String.format(
                "%5s %5s %-20s %5s %6s %12s  %s%n", "block", "stage", "kind", "dim", "tokens", "params", "mlp"));
        for (int i = 0; i < summary.blocks().size(); i++) {
            ModelSummary.BlockRow row = summary.blocks().get(i);
            BackboneLayout.Block block = layout.blocks().get(i);
            s.append(String.format(
                    "%5d %5d %-20s %5d %6d %,12d  %s%n",
                    row.index(),
                    row.stage(),
                    row.kind(),
                    block.dim(),
                    block.tokens(),
                    row.params(),
                    row.moe() ? "MoE" : "dense"));
        }
        s.append(String.format(
                "params %,d (%.2fM), active per sample %,d (%.2fM), FLOPs per image %,d (%.2fG)",
                summary.params(),
                summary.params() / 1e6,
                summary.paramsActive(),
                summary.paramsActive() / 1e6,
                summary.flopsPerImage(),
                summary.flopsPerImage() / 1e9));
        return s.toString();
    }
}
