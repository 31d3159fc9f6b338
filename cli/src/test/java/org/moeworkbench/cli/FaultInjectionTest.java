package org.moeworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.config.ExperimentConfig;
import org.moeworkbench.engine.data.ImageCodec;
import org.moeworkbench.engine.data.TestFiles;
import org.moeworkbench.engine.run.CheckpointState;
import org.moeworkbench.engine.run.Provenance;
import org.moeworkbench.engine.run.RunDirectory;
import org.moeworkbench.engine.run.RunLock;
import org.moeworkbench.engine.run.RunStore;
import org.moeworkbench.engine.train.CancellationToken;
import org.moeworkbench.engine.train.Trainer;
import org.moeworkbench.engine.train.TrainingListener;

/**
 * The fault-injection suite: every fault a careful user or a hostile file produced, in one place. Each case runs the
 * {@code moe} command a user would, asserts the exit code and the named error, and that every file that existed
 * before the fault is byte-identical afterwards (nothing already written is lost). Cases that need a real run share
 * one tiny trained-then-cancelled run per test, copied from a template.
 */
class FaultInjectionTest {
    @TempDir
    Path tmp;

    private CliHarness.Console console;
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @BeforeEach
    void capture() {
        console = new CliHarness.Console(tmp.resolve("cache"));
        out = console.out;
        err = console.err;
    }

    @AfterEach
    void restore() {
        console.close();
    }

    /** Exit code and both streams of one {@code moe} command. */
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private Result moe(String... args) {
        out.reset();
        err.reset();
        int code = MoeCli.run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** SHA-256 of every file under {@code dir}, by relative path. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString(), sha256(Files.readAllBytes(f)));
            }
        }
        return files;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file of {@code before} still exists under {@code dir} with the same bytes. */
    static void assertNothingLost(Map<String, String> before, Path dir) throws IOException {
        Map<String, String> after = snapshot(dir);
        for (Map.Entry<String, String> e : before.entrySet()) {
            assertEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " changed or disappeared");
        }
    }

    /** One line per case for cli/target/fault-injection-report.md: command, exit code, first line of the message. */
    private static final List<String> REPORT = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    @org.junit.jupiter.api.AfterAll
    static void writeReport() throws IOException {
        Path report = Path.of("target", "fault-injection-report.md");
        Files.createDirectories(report.getParent());
        List<String> lines = new java.util.ArrayList<>(List.of(
                "# Fault-injection report (written by FaultInjectionTest)", "",
                "| command | exit | message (first line) |", "| --- | --- | --- |"));
        synchronized (REPORT) {
            REPORT.stream().sorted().forEach(lines::add);
        }
        Files.write(report, lines);
    }

    /** Runs {@code args}, expects {@code code} and every {@code fragments} in the output, and nothing lost. */
    private Result expect(Path watched, int code, List<String> fragments, String... args) throws IOException {
        Map<String, String> before = snapshot(watched);
        Result r = moe(args);
        String shown = (r.err().isBlank() ? r.out() : r.err())
                .strip()
                .lines()
                .findFirst()
                .orElse("")
                .replace(tmp.toString(), "TMP")
                .replace("|", "\\|");
        String command = String.join(" ", args).replace(tmp.toString(), "TMP");
        REPORT.add("| `moe " + command + "` | " + r.code() + " | " + shown + " |");
        assertEquals(code, r.code(), "exit code of moe " + String.join(" ", args) + "\n" + r.all());
        for (String fragment : fragments) {
            assertTrue(r.all().contains(fragment), "expected \"" + fragment + "\" in:\n" + r.all());
        }
        assertNothingLost(before, watched);
        return r;
    }

    // ---- files -------------------------------------------------------------------------------------------------

    static byte[] idxImages(int magic, int count, int rows, int cols) throws IOException {
        return TestFiles.idxImages(magic, count, rows, cols);
    }

    /** {@code count} labels, all {@code label}, or 0..9 in turn when it is negative. */
    static byte[] idxLabels(int count, int label) throws IOException {
        return TestFiles.idxLabels(
                IntStream.range(0, count).map(i -> label >= 0 ? label : i % 10).toArray());
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }

    /** An IDX folder of 20 train and 10 test 4x4 images; {@code gz} compresses the files. */
    private Path idxFolder(String name, boolean gz) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        write(dir, "train-images-idx3-ubyte", idxImages(0x803, 20, 4, 4), gz);
        write(dir, "train-labels-idx1-ubyte", idxLabels(20, -1), gz);
        write(dir, "t10k-images-idx3-ubyte", idxImages(0x803, 10, 4, 4), gz);
        write(dir, "t10k-labels-idx1-ubyte", idxLabels(10, -1), gz);
        return dir;
    }

    private static void write(Path dir, String name, byte[] content, boolean gz) throws IOException {
        Files.write(dir.resolve(name + (gz ? ".gz" : "")), gz ? gzip(content) : content);
    }

    /** A tagged image folder: {@code rows} are the lines of tags.csv after its header; images a.png .. d.png. */
    private Path taggedFolder(String name, String... rows) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (String image : List.of("a", "b", "c", "d")) {
            byte[] pixels = new byte[3 * 8 * 8];
            java.util.Arrays.fill(pixels, (byte) image.charAt(0));
            ImageCodec.writePng(pixels, 3, 8, 8, dir.resolve(image + ".png"));
        }
        Files.writeString(dir.resolve("tags.csv"), "path,tags,class,split\n" + String.join("\n", rows) + "\n");
        return dir;
    }

    private static void flipByte(Path file, long fromEnd) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int i = (int) (bytes.length - fromEnd);
        bytes[i] = (byte) ~bytes[i];
        Files.write(file, bytes);
    }

    private static void truncate(Path file, int keep) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, keep));
    }

    // ---- datasets ----------------------------------------------------------------------------------------------

    @Nested
    class Datasets {
        @Test
        void gzipWithAFlippedChecksumIsRefusedNotTrainedOn() throws IOException {
            Path dir = idxFolder("crc", true);
            flipByte(dir.resolve("train-images-idx3-ubyte.gz"), 6); // inside the CRC-32 of the trailer
            expect(
                    dir,
                    2,
                    List.of("train-images-idx3-ubyte.gz", "gzip check", "damaged", "gzip -t"),
                    "data",
                    "describe",
                    dir.toString());
        }

        @Test
        void gzipWithAWrongLengthIsRefused() throws IOException {
            Path dir = idxFolder("isize", true);
            flipByte(dir.resolve("t10k-labels-idx1-ubyte.gz"), 1); // inside ISIZE, the length of the trailer
            expect(dir, 2, List.of("t10k-labels-idx1-ubyte.gz", "damaged"), "data", "describe", dir.toString());
        }

        @Test
        void gzipCutShortIsRefused() throws IOException {
            Path dir = idxFolder("cut", true);
            Path file = dir.resolve("train-labels-idx1-ubyte.gz");
            truncate(file, (int) Files.size(file) - 4);
            expect(dir, 2, List.of("train-labels-idx1-ubyte.gz"), "data", "describe", dir.toString());
        }

        @Test
        void idxWithAWrongMagicNumberIsNamed() throws IOException {
            Path dir = idxFolder("magic", false);
            Files.write(dir.resolve("train-images-idx3-ubyte"), idxImages(0x802, 20, 4, 4));
            expect(dir, 2, List.of("magic number 0x00000802"), "data", "describe", dir.toString());
        }

        @Test
        void idxLabelCountThatDiffersFromTheImagesIsNamed() throws IOException {
            Path dir = idxFolder("count", false);
            Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(19, -1));
            expect(dir, 2, List.of("19 labels: expected 20"), "data", "describe", dir.toString());
        }

        @Test
        void idxTruncatedImagesAreNamed() throws IOException {
            Path dir = idxFolder("short", false);
            truncate(dir.resolve("t10k-images-idx3-ubyte"), 16 + 5 * 16 + 3);
            expect(dir, 2, List.of("truncated file"), "data", "describe", dir.toString());
        }

        @Test
        void idxLabelOutOfRangeIsNamed() throws IOException {
            Path dir = idxFolder("label", false);
            Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(20, 200));
            expect(dir, 2, List.of("label 200 is out of range"), "data", "describe", dir.toString());
        }

        @Test
        void idxWithoutItsLabelsFileIsNamed() throws IOException {
            Path dir = idxFolder("nolabels", false);
            Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
            expect(dir, 2, List.of("no labels file"), "data", "describe", dir.toString());
        }

        @Test
        void cifarFileOfTheWrongLengthIsNamed() throws IOException {
            Path dir = Files.createDirectories(tmp.resolve("cifar"));
            Files.write(dir.resolve("data_batch_1.bin"), new byte[3073 + 100]);
            expect(dir, 2, List.of("data_batch_1.bin"), "data", "describe", dir.toString());
        }

        @Test
        void missingSourceIsNamed() throws IOException {
            Path missing = tmp.resolve("nothing-here");
            Result r = expect(tmp, 2, List.of("nothing-here"), "data", "describe", missing.toString());
            assertFalse(r.all().contains("Exception"), r.all());
        }

        @Test
        void tagsCsvPathThatClimbsOutOfTheFolderIsRefused() throws IOException {
            Files.writeString(tmp.resolve("secret.txt"), "not yours");
            Path dir = taggedFolder("climb", "a.png,x,c1,train", "../secret.txt,x,c1,train", "b.png,y,c2,test");
            expect(dir, 2, List.of("line 3", "outside the dataset folder"), "data", "describe", dir.toString());
        }

        @Test
        void tagsCsvAbsolutePathIsRefused() throws IOException {
            Path dir = taggedFolder("absolute", "a.png,x,c1,train", "/etc/passwd,x,c1,train", "b.png,y,c2,test");
            expect(
                    dir,
                    2,
                    List.of("outside the dataset folder", "moe.dataset.allowOutsideFolder"),
                    "data",
                    "describe",
                    dir.toString());
        }

        @Test
        void tagsCsvSymbolicLinkThatLeavesTheFolderIsRefused() throws IOException {
            Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
            ImageCodec.writePng(new byte[3 * 8 * 8], 3, 8, 8, outside.resolve("e.png"));
            Path dir = taggedFolder("link", "a.png,x,c1,train", "e.png,x,c1,train", "b.png,y,c2,test");
            Files.createSymbolicLink(dir.resolve("e.png"), outside.resolve("e.png"));
            expect(dir, 2, List.of("outside the dataset folder"), "data", "describe", dir.toString());
        }

        @Test
        void imageInTrainAndInTestIsRefusedAsALeak() throws IOException {
            Path dir = taggedFolder("leak", "a.png,x,c1,train", "b.png,y,c2,train", "a.png,x,c1,test");
            expect(dir, 2, List.of("line 4", "leaks test data into training"), "data", "describe", dir.toString());
        }

        @Test
        void duplicateLineInOneSplitIsNamed() throws IOException {
            Path dir = taggedFolder("dup", "a.png,x,c1,train", "a.png,x,c1,train", "b.png,y,c2,test");
            expect(dir, 2, List.of("listed again", "remove the duplicate"), "data", "describe", dir.toString());
        }

        @Test
        void duplicatesAreSkippedAndCountedWithSkipBadRecords() throws IOException {
            Path dir = taggedFolder("dupskip", "a.png,x,c1,train", "b.png,y,c2,train", "a.png,x,c1,test");
            expect(dir, 0, List.of("1 bad records"), "data", "describe", dir.toString(), "--skip-bad-records");
        }

        @Test
        void unclosedQuoteIsReportedAsSuch() throws IOException {
            Path dir = taggedFolder("quote", "a.png,x,c1,train", "\"b.png,y,c2,train", "c.png,y,c2,test");
            Result r = expect(dir, 2, List.of("line 3", "unclosed quote"), "data", "describe", dir.toString());
            assertFalse(r.all().contains("does not exist"), r.all());
        }

        @Test
        void missingImageIsNamed() throws IOException {
            Path dir = taggedFolder("missing", "a.png,x,c1,train", "zzz.png,y,c2,test");
            expect(dir, 2, List.of("zzz.png", "does not exist"), "data", "describe", dir.toString());
        }

        @Test
        void fileThatIsNotAnImageIsNamed() throws IOException {
            Path dir = taggedFolder("notimage", "a.png,x,c1,train", "tags.csv,y,c2,test");
            expect(dir, 2, List.of("does not decode"), "data", "describe", dir.toString());
        }

        @Test
        void unreadableImageSaysPermissionDenied() throws IOException {
            org.junit.jupiter.api.Assumptions.assumeFalse(
                    "root".equals(System.getProperty("user.name")), "root reads every file");
            Path dir = taggedFolder("perm", "a.png,x,c1,train", "b.png,y,c2,test");
            dir.resolve("b.png").toFile().setReadable(false, false);
            expect(dir, 2, List.of("permission denied"), "data", "describe", dir.toString());
        }

        @Test
        void emptyTagListsUnderTheTagTaskAreCounted() throws IOException {
            Path dir =
                    taggedFolder("notags", "a.png,x,c1,train", "b.png,,c2,train", "c.png,,c1,test", "d.png,y,c2,test");
            ExperimentConfig config = TrainEndToEndTest.tinyConfig().withName("notags");
            String json = ConfigJson.toJson(config)
                    .replace("\"format\" : \"sample\"", "\"format\" : \"auto\"")
                    .replace("\"source\" : \"sample\"", "\"source\" : " + quoted(dir.toString()))
                    .replace("\"task\" : \"classes\"", "\"task\" : \"tags\"");
            Path file = tmp.resolve("notags.json");
            Files.writeString(file, json);
            expect(
                    dir,
                    1,
                    List.of("empty tag list on 2 rows", "the new run directory"),
                    "train",
                    "--config",
                    file.toString(),
                    "--runs",
                    tmp.resolve("runs").toString());
            try (Stream<Path> left = Files.list(tmp.resolve("runs"))) {
                assertEquals(0, left.count(), "no run folder of unknown status is left behind");
            }
        }
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\") + "\"";
    }

    // ---- configs -----------------------------------------------------------------------------------------------

    @Nested
    class Configs {
        /** A config file with one field replaced, and the runs folder that must stay absent. */
        private Path config(String name, String from, String to) throws IOException {
            String json = ConfigJson.toJson(TrainEndToEndTest.tinyConfig());
            assertTrue(json.contains(from), from);
            Path file = tmp.resolve(name + ".json");
            Files.writeString(file, json.replace(from, to));
            return file;
        }

        private void refusedByTrainAndDescribe(Path file, String message) throws IOException {
            Path runs = tmp.resolve("runs");
            expect(tmp, 2, List.of(message), "train", "--config", file.toString(), "--runs", runs.toString());
            assertFalse(Files.exists(runs), "no run directory was made");
            expect(tmp, 2, List.of(message), "describe", "--config", file.toString());
        }

        @Test
        void malformedJsonIsNamed() throws IOException {
            Path file = tmp.resolve("broken.json");
            Files.writeString(file, "{ \"name\": ");
            expect(tmp, 2, List.of("broken.json"), "train", "--config", file.toString(), "--runs", tmp.toString());
        }

        @Test
        void unknownChoiceNamesTheAllowedOnes() throws IOException {
            refusedByTrainAndDescribe(
                    config("router", "\"router\" : \"linear\"", "\"router\" : \"hash\""), "moe.router = hash");
        }

        @Test
        void topKAboveTheExpertsIsRefused() throws IOException {
            refusedByTrainAndDescribe(config("topk", "\"topK\" : 1", "\"topK\" : 9"), "moe.topK = 9");
        }

        @Test
        void hundredThousandExpertsAreRefusedUpFront() throws IOException {
            refusedByTrainAndDescribe(
                    config("experts", "\"experts\" : 2", "\"experts\" : 100000"), "moe.experts = 100000");
        }

        @Test
        void hugeImageSizeIsRefusedUpFront() throws IOException {
            refusedByTrainAndDescribe(
                    config("image", "\"imageSize\" : 16", "\"imageSize\" : 100000"), "data.imageSize = 100000");
        }

        @Test
        void hugeWidthIsRefusedUpFrontWithoutOverflow() throws IOException {
            refusedByTrainAndDescribe(
                    config("dims", "\"dims\" : [ 8, 16, 32, 64 ]", "\"dims\" : [ 8, 16, 32, 1000000000 ]"),
                    "model.dims[3] = 1000000000");
        }

        @Test
        void aModelThatCannotFitInMemoryIsRefusedWithTheEstimate() throws IOException {
            Path file = tmp.resolve("memory.json"); // 256-pixel images at patch 2 in batches of 4096: ~200 GB
            Files.writeString(
                    file,
                    ConfigJson.toJson(TrainEndToEndTest.tinyConfig())
                            .replace("\"batchSize\" : 32", "\"batchSize\" : 4096")
                            .replace("\"imageSize\" : 16", "\"imageSize\" : 256"));
            refusedByTrainAndDescribe(file, "more than the memory cap");
            String message = moe("describe", "--config", file.toString()).err();
            assertTrue(message.contains("training.batchSize") && message.contains("-Dmoe.maxRss"), message);
        }

        @Test
        void negativeEpochsAreRefused() throws IOException {
            refusedByTrainAndDescribe(config("epochs", "\"epochs\" : 3", "\"epochs\" : -1"), "training.epochs = -1");
        }

        @Test
        void missingConfigFileIsNamed() throws IOException {
            expect(
                    tmp,
                    2,
                    List.of("nothere.json"),
                    "train",
                    "--config",
                    tmp.resolve("nothere.json").toString());
        }

        @Test
        void describeAcceptsAHardMoeConfigByDescribingItsTrunk() throws IOException {
            Path file = tmp.resolve("hard.json");
            try (var in = FaultInjectionTest.class.getResourceAsStream(
                    "/org/moeworkbench/sample/configs/fashion-mnist-hardmoe.json")) {
                Files.write(file, in.readAllBytes());
            }
            Result r = expect(tmp, 0, List.of("training memory: at least"), "describe", "--config", file.toString());
            assertTrue(r.out().contains("dense"), r.out());
        }
    }

    // ---- run folders -------------------------------------------------------------------------------------------

    /**
     * A real tiny run, cancelled after {@code steps} steps: an epoch checkpoint (the best) and a step checkpoint
     * (the last) beside it.
     */
    private RunDirectory cancelledRun(int steps) throws IOException {
        ExperimentConfig config = TrainEndToEndTest.tinyConfig();
        RunDirectory run = new RunStore(tmp.resolve("runs")).create(config, Instant.now());
        CancellationToken cancel = new CancellationToken();
        Trainer.standard()
                .train(
                        config,
                        run,
                        new TrainingListener() {
                            @Override
                            public void step(StepEvent event) {
                                if (event.globalStep() >= steps) {
                                    cancel.cancel();
                                }
                            }
                        },
                        cancel);
        return run;
    }

    @Nested
    class RunFolders {
        @Test
        void secondWriterIsRefusedNamingTheHolder() throws IOException {
            RunDirectory run = cancelledRun(3);
            try (RunLock held = RunLock.acquire(run.root())) {
                Result r = expect(
                        run.root(),
                        2,
                        List.of("is being written by pid "
                                + ProcessHandle.current().pid()),
                        "train",
                        "--resume",
                        run.root().toString());
                assertTrue(r.all().contains("wait for that training to end"), r.all());
            }
        }

        @Test
        void staleLockOfADeadProcessIsTakenOverAndLogged() throws IOException {
            RunDirectory run = cancelledRun(3);
            Files.writeString(run.root().resolve(RunLock.FILE), "pid 999999 on elsewhere (moe train) since then");
            assertEquals(0, moe("train", "--resume", run.root().toString()).code(), err.toString());
            Provenance provenance = RunDirectory.open(run.root()).provenance();
            assertEquals(
                    "pid 999999 on elsewhere (moe train) since then",
                    provenance.resumes().get(0).tookOverLockOf());
            assertEquals("", Files.readString(run.root().resolve(RunLock.FILE)), "released at the end");
        }

        @Test
        void damagedStepCheckpointFallsBackToTheIntactEpochCheckpoint() throws IOException {
            RunDirectory run = cancelledRun(9);
            CheckpointState state = run.checkpoints().state().orElseThrow();
            assertNotEquals(state.last().file(), state.best().file(), "a step checkpoint beside the epoch one");
            Path last = run.checkpoints().file(state.last().file());
            flipByte(last, 1000);
            String damagedHash = sha256(Files.readAllBytes(last));
            Result r = moe("train", "--resume", run.root().toString());
            assertEquals(0, r.code(), r.all());
            assertTrue(r.all().contains("warning: " + last), r.all());
            assertTrue(
                    r.all()
                            .contains(
                                    "continued from checkpoints/" + state.best().file()),
                    r.all());
            Path kept = run.checkpoints()
                    .dir()
                    .resolve("damaged")
                    .resolve(state.last().file());
            assertEquals(damagedHash, sha256(Files.readAllBytes(kept)), "the damaged file is kept as it was");
            Provenance provenance = RunDirectory.open(run.root()).provenance();
            assertTrue(provenance.resumes().get(0).checkpointFallback().contains("damaged"));
        }

        @Test
        void truncatedCheckpointWithoutAnAlternativeIsNamed() throws IOException {
            RunDirectory run = cancelledRun(3); // before the first epoch end: only a step checkpoint
            CheckpointState state = run.checkpoints().state().orElseThrow();
            Path last = run.checkpoints().file(state.last().file());
            truncate(last, (int) Files.size(last) / 2);
            expect(
                    run.root(),
                    1,
                    List.of(last.toString(), "truncated", "start the run again"),
                    "train",
                    "--resume",
                    run.root().toString());
        }

        @Test
        void resumingACompletedRunIsRefused() throws IOException {
            RunDirectory run = cancelledRun(3);
            assertEquals(0, moe("train", "--resume", run.root().toString()).code());
            expect(
                    run.root(),
                    2,
                    List.of("has already completed"),
                    "train",
                    "--resume",
                    run.root().toString());
        }

        @Test
        void resumingAFolderThatIsNotARunIsRefused() throws IOException {
            Path empty = Files.createDirectories(tmp.resolve("not-a-run"));
            expect(empty, 2, List.of("not-a-run"), "train", "--resume", empty.toString());
        }

        @Test
        void truncatedRoutingSnapshotIsNamed() throws IOException {
            RunDirectory run = cancelledRun(3);
            assertEquals(0, moe("train", "--resume", run.root().toString()).code());
            var header = run.routing().readHeader("final");
            Path binary = run.routing().dir().resolve(header.binary());
            truncate(binary, 10);
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class,
                    () -> run.routing().readLayer(header, header.layers().get(0)));
            assertTrue(
                    e.getMessage().contains(binary.toString()) && e.getMessage().contains("damaged routing snapshot"),
                    e.getMessage());
        }

        @Test
        void routingSnapshotWithAFlippedByteIsNamed() throws IOException {
            RunDirectory run = cancelledRun(3);
            assertEquals(0, moe("train", "--resume", run.root().toString()).code());
            var header = run.routing().readHeader("final");
            Path binary = run.routing().dir().resolve(header.binary());
            flipByte(binary, 7);
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class,
                    () -> run.routing().readLayer(header, header.layers().get(0)));
            assertTrue(e.getMessage().contains(binary + ": damaged routing snapshot: its CRC-32C"), e.getMessage());
        }

        @Test
        void analyzeOfADamagedRunNamesTheFile() throws IOException {
            RunDirectory run = cancelledRun(3);
            Files.writeString(run.root().resolve(RunDirectory.CONFIG), "{ not json");
            Result r = expect(
                    run.root(),
                    1,
                    List.of(RunDirectory.CONFIG, "not valid JSON"),
                    "analyze",
                    run.root().toString());
            assertFalse(r.all().contains("\tat "), "no stack trace:\n" + r.all());
        }

        @Test
        void figuresSkipADamagedRunWithAWarning() throws IOException {
            cancelledRun(3);
            Path bad = Files.createDirectories(tmp.resolve("runs").resolve("20260101-000000-damaged"));
            Files.writeString(bad.resolve(RunDirectory.CONFIG), "{ not json");
            Result r = expect(
                    tmp.resolve("runs"),
                    0,
                    List.of("20260101-000000-damaged"),
                    "figures",
                    "--runs",
                    tmp.resolve("runs").toString(),
                    "--no-images",
                    "--out",
                    tmp.resolve("figs").toString());
            assertTrue(r.all().contains("warning: 20260101-000000-damaged"), r.all());
            try (Stream<Path> figures = Files.list(tmp.resolve("figs"))) {
                assertTrue(figures.count() > 0, "the intact run's figures were written");
            }
        }

        @Test
        void studySkipsADamagedRunAndTabulatesTheOthers() throws IOException {
            Path config = tmp.resolve("sweep.json");
            Files.writeString(
                    config,
                    ConfigJson.toJson(TrainEndToEndTest.tinyConfig()).replace("\"epochs\" : 3", "\"epochs\" : 1"));
            Path study = tmp.resolve("study");
            assertEquals(
                    0,
                    moe(
                                    "sweep",
                                    "--config",
                                    config.toString(),
                                    "--vary",
                                    "moe.experts=2,3",
                                    "--runs",
                                    study.toString(),
                                    "--plain")
                            .code(),
                    err.toString());
            Path damaged;
            try (Stream<Path> runs = Files.list(study)) {
                damaged = runs.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
            }
            Files.writeString(damaged.resolve("provenance.json"), "{ not json");
            Result r = expect(
                    study,
                    0,
                    List.of("warning: skipped run " + damaged.getFileName(), "damaged"),
                    "study",
                    study.toString());
            assertTrue(r.out().contains("completed"), "the intact run is tabulated:\n" + r.out());
        }
    }
}
