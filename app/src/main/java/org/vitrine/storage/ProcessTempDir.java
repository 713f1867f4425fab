package org.vitrine.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * ProcessTempDir is this process's own folder for temporary files under {@code data/tmp}, named with its PID and
 * held by a lock on a file inside it. The operating system drops the lock when the process ends, however it
 * ends (kill -9, out of memory), so at start a process removes every folder whose lock it can take: their owners
 * are gone. Several processes (the site, its worker, workers on other machines sharing the folder) each have
 * their own.
 */
public final class ProcessTempDir implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessTempDir.class);
    private static final String PREFIX = "p-";
    private static final String LOCK_FILE = ".owner.lock";
    /** Files of the layout before per-process folders: no lock tells their owner, so only old ones go. */
    private static final long UNOWNED_MAX_AGE_MILLIS = 24L * 60 * 60 * 1000;

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private ProcessTempDir(Path path, FileChannel lockChannel, FileLock lock) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Removes what dead processes left under the root, then makes and locks this process's folder there. */
    public static ProcessTempDir claim(Path root) throws IOException {
        Files.createDirectories(root);
        removeAbandoned(root);
        String suffix = ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        // Locked before it gets its visible name: another process starting now must never see it unlocked.
        Path staging = Files.createDirectory(root.resolve(".claiming-" + suffix));
        FileChannel channel = FileChannel.open(staging.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.lock();
            Path path = Files.move(staging, root.resolve(PREFIX + suffix), StandardCopyOption.ATOMIC_MOVE);
            return new ProcessTempDir(path, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Removes the folders under the root whose owning process is gone; returns how many. */
    public static int removeAbandoned(Path root) throws IOException {
        int removed = 0;
        long now = System.currentTimeMillis();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(PREFIX) && Files.isDirectory(entry)) {
                    if (removeIfOwnerIsGone(entry)) {
                        removed++;
                    }
                } else if (now - Files.getLastModifiedTime(entry).toMillis() > UNOWNED_MAX_AGE_MILLIS) {
                    deleteTree(entry);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            log.info("storage: removed {} temporary folders left by processes that are no longer running", removed);
        }
        return removed;
    }

    private static boolean removeIfOwnerIsGone(Path folder) throws IOException {
        Path lockFile = folder.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            // Folders get their name only once locked: this one is what an interrupted removal left.
            deleteTree(folder);
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                return false; // its owner is alive
            }
            try {
                deleteTree(folder);
            } finally {
                taken.release();
            }
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // owned by this very process (another instance in the same JVM, as in tests)
        } catch (java.nio.file.NoSuchFileException e) {
            return false; // removed meanwhile by another process starting at the same time
        }
    }

    public Path path() {
        return path;
    }

    /** Removes the folder with whatever is still in it and lets go of it. */
    @Override
    public void close() {
        try {
            deleteTree(path);
        } catch (IOException e) {
            log.warn("storage: could not remove {}: {} (removed at the next start)", path, e.toString());
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                log.debug("storage: releasing the lock of {}: {}", path, e.toString());
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                throw e.getCause();
            }
        }
    }
}
