package org.moeworkbench.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigJsonTest {
    @TempDir
    Path tmp;

    private final ExperimentConfig sample = ExperimentConfig.defaultSample();

    private <T> void roundTrip(T value, Class<T> type) {
        String json = ConfigJson.toJson(value);
        assertEquals(value, ConfigJson.parse(json, type, "test"));
        assertEquals(json, ConfigJson.toJson(ConfigJson.parse(json, type, "test")));
    }

    @Test
    void everyRecordRoundTrips() {
        roundTrip(sample, ExperimentConfig.class);
        roundTrip(sample.data(), DataConfig.class);
        roundTrip(sample.augment(), AugmentConfig.class);
        roundTrip(sample.model(), ModelConfig.class);
        roundTrip(
                new MoeConfig(
                        8, 2, Placement.BLOCKS, List.of(1, 5), Router.COSINE, 16, 2.0, 0.5, 0.02, 1.25, true, 0.1),
                MoeConfig.class);
        roundTrip(sample.training(), TrainingConfig.class);
    }

    @Test
    void keysAreSortedAndIndented() {
        String json = ConfigJson.toJson(sample);
        assertTrue(
                json.indexOf("\"augment\"") < json.indexOf("\"data\"")
                        && json.indexOf("\"data\"") < json.indexOf("\"model\"")
                        && json.indexOf("\"moe\"") < json.indexOf("\"name\""),
                json);
        assertTrue(json.contains("\n  \"seed\" : 42"), json);
    }

    @Test
    void fileRoundTrip() throws IOException {
        Path file = tmp.resolve("c.json");
        ConfigJson.write(file, sample);
        assertEquals(sample, ConfigJson.readExperiment(file));
    }

    @Test
    void unknownFieldNamesTheFieldAndTheFile() throws IOException {
        Path file = write(ConfigJson.toJson(sample).replace("\"topK\" :", "\"topk\" : 1, \"topK\" :"));
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigJson.readExperiment(file));
        assertEquals("moe.topk", e.field());
        assertTrue(e.getMessage().startsWith(file + ": unknown field \"moe.topk\""), e.getMessage());
        assertTrue(e.getMessage().contains("topK"), "lists the known fields: " + e.getMessage());
    }

    @Test
    void missingFieldNamesTheFieldAndTheFile() throws IOException {
        Path file = write(ConfigJson.toJson(sample).replace("\"routerDim\" : 32,", ""));
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigJson.readExperiment(file));
        assertEquals("moe.routerDim", e.field());
        assertTrue(e.getMessage().contains(file + ": missing field \"moe.routerDim\""), e.getMessage());
    }

    @Test
    void aConfigWrittenBeforeTheHealthAlarmReadsWithTheDefaultAlarm() throws IOException {
        String old = ConfigJson.toJson(sample)
                .replaceAll("\\s*\"collapseShare\" : [^,]*,", "")
                .replaceAll("\\s*\"collapseSteps\" : [^,]*,", "");
        assertFalse(old.contains("collapse"), old);
        ExperimentConfig read = ConfigJson.readExperiment(write(old));
        assertEquals(MoeConfig.DEFAULT_COLLAPSE_SHARE, read.moe().collapseShare());
        assertEquals(MoeConfig.DEFAULT_COLLAPSE_STEPS, read.moe().collapseSteps());
        assertEquals(sample, read);
    }

    @Test
    void refusedValueInAFileKeepsTheValidationMessage() throws IOException {
        Path file = write(ConfigJson.toJson(sample).replace("\"router\" : \"linear\"", "\"router\" : \"hash\""));
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigJson.readExperiment(file));
        assertEquals("moe.router", e.field());
        assertEquals(file + ": moe.router = hash is not allowed: one of [linear, cosine, l2]", e.getMessage());
    }

    @Test
    void crossFieldRuleInAFile() throws IOException {
        Path file = write(ConfigJson.toJson(sample)
                .replace("\"placement\" : \"last2\"", "\"placement\" : \"blocks\"")
                .replace("\"blocks\" : [ ]", "\"blocks\" : [ 9 ]"));
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigJson.readExperiment(file));
        assertTrue(e.getMessage().contains("moe.blocks[0] = 9 is not allowed"), e.getMessage());
    }

    @Test
    void wrongTypeAndBadJson() throws IOException {
        Path wrongType = write(ConfigJson.toJson(sample).replace("\"epochs\" : 8", "\"epochs\" : \"eight\""));
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigJson.readExperiment(wrongType));
        assertTrue(
                e.getMessage().contains("training.epochs") && e.getMessage().contains("whole number"), e.getMessage());
        Path broken = write("{ \"name\" : ");
        ConfigFileException b = assertThrows(ConfigFileException.class, () -> ConfigJson.readExperiment(broken));
        assertTrue(b.getMessage().startsWith(broken.toString()), b.getMessage());
        ConfigFileException none =
                assertThrows(ConfigFileException.class, () -> ConfigJson.readExperiment(tmp.resolve("missing.json")));
        assertTrue(none.getMessage().contains("missing.json: cannot read the file"), none.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sample-convnext-moe",
                "sample-convnext-dense",
                "sample-vit-moe",
                "fashion-mnist-convnext-moe",
                "fashion-mnist-convnext-dense"
            })
    void demoConfigsParse(String name) throws IOException {
        String resource = "/org/moeworkbench/sample/configs/" + name + ".json";
        try (InputStream in = ConfigJsonTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, resource + " is on the class path");
            ExperimentConfig config = ConfigJson.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), ExperimentConfig.class, resource);
            assertEquals(name, config.name());
        }
    }

    @Test
    void theMoeDemoIsTheDefault() throws IOException {
        try (InputStream in =
                ConfigJsonTest.class.getResourceAsStream("/org/moeworkbench/sample/configs/sample-convnext-moe.json")) {
            assertEquals(
                    sample,
                    ConfigJson.parse(
                            new String(in.readAllBytes(), StandardCharsets.UTF_8), ExperimentConfig.class, "demo"));
        }
    }

    @Test
    void theQuickTryFileIsTheDesignersQuickTry() throws IOException {
        try (InputStream in =
                ConfigJsonTest.class.getResourceAsStream("/org/moeworkbench/sample/configs/quick-try.json")) {
            assertEquals(
                    ExperimentConfig.quickTry(),
                    ConfigJson.parse(
                            new String(in.readAllBytes(), StandardCharsets.UTF_8), ExperimentConfig.class, "quick"));
        }
    }

    @Test
    void choicesAreEnumsWrittenByTheirLowercaseJsonNames() throws IOException {
        List<Class<? extends Enum<?>>> types = List.of(
                Family.class,
                Pooling.class,
                Stem.class,
                Placement.class,
                Router.class,
                Task.class,
                Sampling.class,
                Optimizer.class);
        for (Class<? extends Enum<?>> type : types) {
            for (Enum<?> value : type.getEnumConstants()) {
                String name = ((ConfigChoice) value).jsonName();
                String json = ConfigJson.mapper().writeValueAsString(value);
                assertEquals("\"" + name + "\"", json);
                assertEquals(value, ConfigJson.mapper().readValue(json, type));
                assertEquals(name, value.toString(), "messages and labels print the JSON name");
            }
        }
        assertEquals(List.of("convnext", "convnext-isotropic", "vit"), ConfigChoice.names(Family.class));
        String json = ConfigJson.toJson(sample);
        assertTrue(json.contains("\"placement\" : \"last2\"") && json.contains("\"task\" : \"classes\""), json);
        assertEquals(sample, ConfigJson.parse(json, ExperimentConfig.class, "again"));
    }

    @Test
    void anUnknownChoiceNamesTheFieldAndTheAllowedNames() throws IOException {
        Path bad = write(ConfigJson.toJson(sample).replace("\"router\" : \"linear\"", "\"router\" : \"dot\""));
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> ConfigJson.readExperiment(bad));
        assertTrue(
                e.getMessage().contains("moe.router = dot is not allowed: one of [linear, cosine, l2]"),
                e.getMessage());
        assertEquals("moe.router", e.field());
        Path missing = write(ConfigJson.toJson(sample).replace("\"family\" : \"convnext\",", ""));
        ConfigFileException m = assertThrows(ConfigFileException.class, () -> ConfigJson.readExperiment(missing));
        assertTrue(m.getMessage().contains("model.family"), m.getMessage());
    }

    private Path write(String text) throws IOException {
        Path file = tmp.resolve("config-" + System.nanoTime() + ".json");
        Files.writeString(file, text);
        return file;
    }
}
