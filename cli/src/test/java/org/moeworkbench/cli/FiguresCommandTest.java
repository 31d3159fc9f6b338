package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.analysis.SyntheticRun;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.hardmoe.TinyHardMoe;

/** moe figures, headless. */
class FiguresCommandTest {
    @TempDir
    Path dir;

    @Test
    void theServiceAddsFiguresToTheCli() {
        assertTrue(MoeCli.commandLine().getSubcommands().containsKey("figures"));
    }

    @Test
    void writesEveryFigureOfTheRunsAndTheAcrossRunFigures() throws Exception {
        Path runs = dir.resolve("runs");
        SyntheticRun.write(runs.resolve("moe"), SyntheticRun.Spec.small(4));
        SyntheticRun.write(runs.resolve("dense"), new SyntheticRun.Spec(40, 16, 2, 0, 1, 10, 0.4, 500_000, 500_000, 2));
        Path out = dir.resolve("figures");
        String[] result = CliHarness.execute(
                "figures",
                "--runs",
                runs.toString(),
                "--out",
                out.toString(),
                "--no-images",
                "--width",
                "500",
                "--height",
                "350");
        assertEquals("0", result[0], result[2]);
        for (String file : List.of(
                "moe/load.png",
                "moe/load.svg",
                "moe/experts-per-image-cdf.png",
                "moe/patches-per-expert-cdf.svg",
                "moe/similarity-block-4.png",
                "moe/jaccard-block-5.svg",
                "moe/expert-class-block-4.png",
                "moe/training-loss.png",
                "moe/aux-loss.png",
                "moe/accuracy.png",
                "dense/training-loss.png",
                "pareto-total.png",
                "pareto-active-sweet-spot-fig2-in21k.svg",
                "moe-gain.png",
                "moe-gain-paper.png",
                "paper-sweet-spot-fig2-in21k-active.png",
                "paper-sweet-spot-fig2-jft300m-total.png",
                "paper-gross-fig4-total.png",
                "paper-sweet-spot-fig4.svg")) {
            assertTrue(Files.size(out.resolve(file)) > 1000, file);
        }
        assertTrue(result[1].contains("files for 2 runs"), result[1]);
    }

    @Test
    void aHardMoeRunCountsAsOneRunAndGetsItsPareto() throws Exception {
        Path runs = dir.resolve("runs");
        ConfigJson.write(dir.resolve("hard.json"), TinyHardMoe.onSample("fig-hard", 1, List.of(2)));
        String[] trained = CliHarness.execute(
                "train", "--config", dir.resolve("hard.json").toString(), "--runs", runs.toString(), "--plain");
        assertEquals("0", trained[0], trained[2]);
        Path out = dir.resolve("figures");
        String[] result = CliHarness.execute(
                "figures", "--runs", runs.toString(), "--out", out.toString(), "--no-images", "--width", "500");
        assertEquals("0", result[0], result[2]);
        assertTrue(result[1].contains(" files for 1 run in "), "its trunk row is not a second run: " + result[1]);
        assertTrue(Files.size(out.resolve("hardmoe-pareto.png")) > 1000);
    }

    /**
     * A ViT with class-token pooling routes 17 tokens per image in a 4 x 4 grid: the class token is stored and
     * analysed apart, so the patch overlay draws (it used to say "17 tokens do not form a square grid").
     */
    @Test
    void aClassTokenVitGetsItsPatchOverlay() throws Exception {
        var base = TrainEndToEndTest.tinyConfig();
        var vit = new org.moeworkbench.engine.config.ModelConfig(
                "custom",
                org.moeworkbench.engine.config.Family.VIT,
                List.of(2),
                List.of(8),
                4,
                2,
                2.0,
                0,
                org.moeworkbench.engine.config.Pooling.CLS,
                1.0);
        var config = new org.moeworkbench.engine.config.ExperimentConfig(
                "vit-cls", base.seed(), base.data(), base.augment(), vit, base.moe(), base.training());
        ConfigJson.write(dir.resolve("vit.json"), config);
        Path runs = dir.resolve("runs");
        String[] trained = CliHarness.execute(
                "train", "--config", dir.resolve("vit.json").toString(), "--runs", runs.toString(), "--plain");
        assertEquals("0", trained[0], trained[2]);
        Path out = dir.resolve("figures");
        String[] result = CliHarness.execute(
                "figures", "--runs", runs.toString(), "--out", out.toString(), "--format", "png", "--width", "500");
        assertEquals("0", result[0], result[2]);
        assertTrue(!result[2].contains("square grid"), result[2]);
        String id;
        try (var dirs = Files.list(runs)) {
            id = dirs.findFirst().orElseThrow().getFileName().toString();
        }
        assertTrue(Files.size(out.resolve(id).resolve("patch-experts-0.png")) > 1000, "the patch overlay");
        assertTrue(Files.size(out.resolve(id).resolve("routing-map.png")) > 1000, "Sweet Spot Fig. 6's routing map");
        String analysis = CliHarness.execute("analyze", runs.resolve(id).toString(), "--json")[1].replaceAll("\\s", "");
        assertTrue(analysis.contains("\"tokensPerImage\":16"), "16 patches, not 17");
        assertTrue(analysis.contains("\"classTokenLoad\":["), "the class token's own load");
    }

    @Test
    void anUnknownRunIsNamedWithTheRunsThatExist() throws Exception {
        Path runs = dir.resolve("runs");
        SyntheticRun.write(runs.resolve("moe"), SyntheticRun.Spec.small(4));
        String[] result = CliHarness.execute(
                "figures",
                "--runs",
                runs.toString(),
                "--run",
                "nope",
                "--out",
                dir.resolve("o").toString());
        assertEquals("2", result[0]);
        assertTrue(result[2].contains("no run [nope]") && result[2].contains("moe"), result[2]);
    }
}
