package org.moeworkbench.engine.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer per run directory: an operating-system lock on {@value #FILE} in the run folder, held while a process
 * trains into it. The file names the holder (pid, host, command, since when) so a refused writer can say who has the
 * run. The operating system releases the lock when its process dies, however it dies; a lock file that still names
 * a holder but is free was left by such a process, and the next writer takes it over and says so
 * ({@link #tookOverFrom}).
 *
 * <p>The file is emptied, not deleted, on release: deleting it would let a writer that opened the old file and one
 * that creates a new file both hold "the" lock.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "writer.lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final String tookOverFrom;

    private RunLock(FileChannel channel, FileLock lock, String tookOverFrom) {
        this.channel = channel;
        this.lock = lock;
        this.tookOverFrom = tookOverFrom;
    }

    /** Thrown when another process (or another training in this one) writes the run. */
    public static final class RunLockedException extends IOException {
        private static final long serialVersionUID = 1L;

        RunLockedException(Path root, String holder) {
            super(root + " is being written by " + (holder.isBlank() ? "another process" : holder)
                    + ": wait for that training to end (or stop it) before resuming or writing this run");
        }
    }

    /**
     * Takes the run's lock or throws {@link RunLockedException} naming the holder.
     *
     * @param root the run directory (it must exist)
     */
    public static RunLock acquire(Path root) throws IOException {
        Path file = root.resolve(FILE);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another training of this JVM (the app runs several)
        } catch (IOException e) {
            channel.close();
            throw new IOException(file + ": cannot lock the run for writing (" + e.getMessage() + ")", e);
        }
        String previous = read(channel);
        if (lock == null) {
            channel.close();
            throw new RunLockedException(root, previous);
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new RunLock(channel, lock, previous.isBlank() ? null : previous);
    }

    /**
     * Who writes the run now, if anyone: the lock file's text when another process (or training) holds the lock,
     * else empty. Reads only: the file is not changed, so a stale holder stays recorded for the next writer.
     */
    public static java.util.Optional<String> holder(Path root) {
        Path file = root.resolve(FILE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock probe;
            try {
                probe = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                probe = null;
            }
            if (probe != null) {
                probe.release();
                return java.util.Optional.empty();
            }
            String text = read(channel);
            for (int tries = 0; text.isBlank() && tries < 20; tries++) { // locked a moment before its text is written
                Thread.sleep(50);
                text = read(channel);
            }
            return java.util.Optional.of(text.isBlank() ? "another process" : text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.of("another process");
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** The process id in a holder text ("pid 123 on host ..."), if it names one on this host. */
    public static java.util.OptionalLong localPid(String holder) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^pid (\\d+) on (\\S+) ").matcher(holder);
        if (m.find() && m.group(2).equals(hostName())) {
            return java.util.OptionalLong.of(Long.parseLong(m.group(1)));
        }
        return java.util.OptionalLong.empty();
    }

    /** The holder a stale lock file named (a process that died while writing the run), or null. */
    public String tookOverFrom() {
        return tookOverFrom;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    }

    /** "pid 123 on host (command) since 2026-...": what a refused writer is told. */
    static String holder() {
        ProcessHandle self = ProcessHandle.current();
        String command = self.info().commandLine().orElse("java");
        if (command.length() > 160) { // the class path comes first; the subcommand and its options last
            command = "..." + command.substring(command.length() - 160);
        }
        return "pid " + self.pid() + " on " + hostName() + " (" + command + ") since " + Instant.now();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
