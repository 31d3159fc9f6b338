package org.moeworkbench.engine.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.moeworkbench.engine.config.ConfigJson;
import org.moeworkbench.engine.model.DamagedCheckpointException;
import org.moeworkbench.engine.model.Network;

/**
 * checkpoints/: the last and the best checkpoint (older ones are deleted). Each checkpoint is written to
 * a new file, then state.json is switched to it, then files no longer named by state.json are deleted, so
 * a crash at any point leaves a state.json that names complete files.
 */
public final class CheckpointStore {
    public static final String STATE = "state.json";
    private static final String SUFFIX = ".ckpt";

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Optional<CheckpointState> state() {
        Path file = dir.resolve(STATE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(ConfigJson.readAllowingNulls(file, CheckpointState.class));
    }

    /**
     * Saves the network as the new last checkpoint (and as the best when {@code best} is true).
     *
     * @param name file name without suffix, e.g. {@code epoch-003} or {@code step-000123}
     */
    public CheckpointState save(
            Network network, String name, CheckpointState.Last last, boolean best, double validationAccuracy)
            throws IOException {
        Files.createDirectories(dir);
        String file = name + SUFFIX;
        Path target = dir.resolve(file);
        Path tmp = dir.resolve(file + ".tmp");
        network.save(tmp);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CheckpointState.Last named = new CheckpointState.Last(
                file,
                last.globalStep(),
                last.epochsCompleted(),
                last.batchInEpoch(),
                last.epochSoFar(),
                last.bestEpoch(),
                last.bestValidationAccuracy());
        CheckpointState.Best bestEntry = best
                ? new CheckpointState.Best(file, last.epochsCompleted(), validationAccuracy, named)
                : state().map(CheckpointState::best).orElse(null);
        CheckpointState state = new CheckpointState(named, bestEntry);
        ConfigJson.write(dir.resolve(STATE), state);
        deleteUnreferenced(state);
        return state;
    }

    /** Loads the last checkpoint into the network. */
    public void loadLast(Network network, CheckpointState state) throws IOException {
        network.load(dir.resolve(state.last().file()));
    }

    /**
     * What {@link #loadNewestIntact} loaded.
     *
     * @param at       where training stood when the loaded checkpoint was written
     * @param fallback why the last checkpoint was not used and which one was (null if it was)
     */
    public record Loaded(CheckpointState.Last at, String fallback) {}

    /**
     * Loads the last checkpoint, or, if it is damaged (checksum, truncation), the best one when that is another file
     * whose training state was recorded. The damaged file moves to {@code checkpoints/damaged/}, so it is neither
     * loaded again nor deleted.
     *
     * @throws DamagedCheckpointException if the last checkpoint is damaged and no intact one can replace it
     */
    public Loaded loadNewestIntact(Network network, CheckpointState state) throws IOException {
        try {
            loadLast(network, state);
            return new Loaded(state.last(), null);
        } catch (DamagedCheckpointException damaged) {
            CheckpointState.Best best = state.best();
            if (best == null
                    || best.at() == null
                    || best.file().equals(state.last().file())) {
                throw new DamagedCheckpointException(
                        damaged.file(),
                        damaged.getMessage().substring(damaged.file().toString().length() + 2)
                                + "; there is no other intact checkpoint to continue from: start the run again");
            }
            network.load(dir.resolve(best.file()));
            Path kept = dir.resolve("damaged").resolve(state.last().file());
            Files.createDirectories(kept.getParent());
            Files.move(dir.resolve(state.last().file()), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new Loaded(
                    best.at(),
                    damaged.getMessage() + " (moved to checkpoints/damaged/); continued from checkpoints/" + best.file()
                            + " instead (end of epoch " + best.epoch() + ", step "
                            + best.at().globalStep() + ")");
        }
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    private void deleteUnreferenced(CheckpointState state) throws IOException {
        Set<String> keep = new HashSet<>();
        keep.add(state.last().file());
        if (state.best() != null) {
            keep.add(state.best().file());
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX + "*")) {
            for (Path f : files) {
                if (!keep.contains(f.getFileName().toString())) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
