package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.config.Family;
import org.moeworkbench.engine.config.ModelConfig;
import org.moeworkbench.engine.config.MoeConfig;
import org.moeworkbench.engine.config.Placement;
import org.moeworkbench.engine.config.Pooling;
import org.moeworkbench.engine.config.Router;
import org.moeworkbench.engine.hardmoe.TinyHardMoe;
import picocli.CommandLine;

class DescribeCommandTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MoeCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void jsonHasTotalsAndOneRowPerBlock() throws Exception {
        Run r = run(
                "describe",
                "--preset",
                "convnext-atto-32",
                "--classes",
                "10",
                "--image",
                "32",
                "--experts",
                "8",
                "--top-k",
                "2",
                "--placement",
                "last2",
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = CliJson.MAPPER.readTree(r.out());
        assertEquals(10_564_946L, o.get("params").asLong());
        assertEquals(4_406_546L, o.get("paramsActive").asLong());
        assertTrue(o.get("flopsPerImage").asLong() > 0);
        assertEquals(12, o.get("blocks").size());
        assertTrue(o.get("blocks").get(11).get("moe").asBoolean());
        assertTrue(!o.get("blocks").get(10).get("moe").asBoolean());
    }

    @Test
    void tableNamesTheTotals() {
        Run r = run("describe", "--preset", "vit-s16", "--classes", "1000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("params 22,050,664"), r.out());
    }

    @Test
    void readsModelAndMoeFromAnExperimentConfig(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("exp.json");
        ExperimentConfig base = ExperimentConfig.defaultSample(); // describe validates the whole config, as train
        ModelConfig model = new ModelConfig(
                "custom", Family.CONVNEXT_ISOTROPIC, List.of(4), List.of(64), 4, 0, 4.0, 7, Pooling.MEAN, 1e-6);
        MoeConfig moe = new MoeConfig(4, 1, Placement.LAST2, List.of(), Router.LINEAR, 16, 4.0, 0, 0.01, 0, false, 0);
        ConfigJson.write(
                config,
                new ExperimentConfig("x", base.seed(), base.data(), base.augment(), model, moe, base.training()));
        Run r = run("describe", "--config", config.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = CliJson.MAPPER.readTree(r.out());
        assertEquals(4, o.get("blocks").size());
        assertTrue(o.get("blocks").get(3).get("moe").asBoolean());
    }

    @Test
    void aHardMoeConfigIsDescribedAsItsTrunkOnLinesOfTheirOwn(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("hard.json");
        ConfigJson.write(config, TinyHardMoe.onSample("hard", 1, List.of(2, 3)));
        Run r = run("describe", "--config", config.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("params ")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("training memory: at least ")), r.out());
        assertTrue(
                lines.stream().anyMatch(l -> l.startsWith("hard MoE: the table is the trunk") && l.contains("[2, 3]")),
                r.out());
    }

    @Test
    void invalidSettingsAreRefusedWithTheField() {
        Run r = run("describe", "--preset", "convnext-t", "--experts", "4", "--top-k", "5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("moe.topK = 5"), r.err());
        Run image = run("describe", "--preset", "vit-micro-32", "--image", "30");
        assertEquals(2, image.code());
        assertTrue(
                image.err().contains("model.patchSize = 4 is not allowed: a divisor of data.imageSize 30"),
                image.err());
        Run preset = run("describe", "--preset", "resnet");
        assertTrue(preset.err().contains("model.preset = resnet"), preset.err());
    }
}
