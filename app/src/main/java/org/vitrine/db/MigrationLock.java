package org.vitrine.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * MigrationLock makes processes that open the same SQLite file migrate it one at a time. Flyway cannot lock a
 * SQLite schema, so a site and an import (or a worker) starting together on a fresh database would both run
 * V1, and one fails with SQLITE_BUSY_SNAPSHOT. PostgreSQL needs none of this: Flyway takes an advisory lock there.
 */
final class MigrationLock implements AutoCloseable {
    // A file lock is held per JVM, not per thread: threads of one process take turns here first.
    private static final java.util.concurrent.locks.ReentrantLock IN_THIS_PROCESS =
            new java.util.concurrent.locks.ReentrantLock();

    private final FileChannel channel;
    private final FileLock lock;

    private MigrationLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the lock beside the database file; null (nothing to lock) for an in-memory database. */
    static MigrationLock acquire(Path databaseFile) throws IOException {
        if (databaseFile == null) {
            return null;
        }
        Path lockFile = databaseFile.toAbsolutePath().resolveSibling(databaseFile.getFileName() + ".migrate.lock");
        IN_THIS_PROCESS.lock();
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new MigrationLock(channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            IN_THIS_PROCESS.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            IN_THIS_PROCESS.unlock();
        }
    }
}
