package org.vitrine.storage;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * StorageException is a failure of the storage itself (disk full, permission, network), never of the data in
 * it: the same operation may succeed later, so work that meets one is retried, not given up.
 */
public final class StorageException extends IOException {
    /** Below this much free space a failed write is taken as a full disk. */
    static final long NEARLY_FULL_BYTES = 1024 * 1024;

    /** What went wrong, as far as it can be told without reading the message of the cause. */
    public enum Problem {
        /** No space left: the operation can succeed once space is freed. */
        FULL,
        /** The process is not allowed to read or write there. */
        DENIED,
        /** A blob that should be there is not (lost, or the storage is not mounted). */
        MISSING,
        /** Anything else: an I/O error, a network or service failure. */
        UNAVAILABLE,
        /**
         * The bytes read do not hash to the checksum kept with the blob: reading again will not help, another
         * copy is needed (in mirror mode, the other store's).
         */
        CORRUPT
    }

    private final Problem problem;

    public StorageException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /**
     * Wraps an I/O failure of an operation on a file under {@code where}. A full disk is recognised by the free
     * space left after the failure (the text of the error is not portable and never looked at).
     */
    public static StorageException of(String operation, IOException cause, Path where) {
        if (cause instanceof StorageException storage) {
            return storage;
        }
        Problem problem;
        if (cause instanceof AccessDeniedException) {
            problem = Problem.DENIED;
        } else if (usableSpace(where) < NEARLY_FULL_BYTES) {
            problem = Problem.FULL;
        } else {
            problem = Problem.UNAVAILABLE;
        }
        return new StorageException(problem, "storage " + problem.name().toLowerCase() + ": could not " + operation
                + " (" + cause + ")", cause);
    }

    /** Free space for this process on the file system holding the path (or its nearest existing parent). */
    static long usableSpace(Path where) {
        for (Path p = where == null ? null : where.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    FileStore store = Files.getFileStore(p);
                    return store.getUsableSpace();
                } catch (IOException e) {
                    return Long.MAX_VALUE;
                }
            }
        }
        return Long.MAX_VALUE;
    }
}
