package org.vitrine.storage.migrate;

import org.vitrine.storage.BlobStore;
import org.vitrine.storage.Sha256;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.StorageException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * BlobCopier copies one file from a store to another and proves the copy: the target's bytes are read back and
 * must hash to the SHA-256 of the source's bytes, else the file is copied again (a few times, then it fails).
 * A file already in the target with the right bytes (copied by a run that was killed before it could record
 * it, or by a mirror) is not copied again.
 */
final class BlobCopier {
    static final int ATTEMPTS = 3;

    private final BlobStore source;
    private final BlobStore target;
    private final Path scratch;

    BlobCopier(BlobStore source, BlobStore target, Path scratch) {
        this.source = source;
        this.target = target;
        this.scratch = scratch;
    }

    /** What happened to a file. */
    enum Outcome {
        /** Copied and verified. */
        COPIED,
        /** Copied again and verified, after a copy whose bytes were wrong. */
        COPIED_AFTER_DAMAGE,
        /** Already in the target with the right bytes. */
        ALREADY_THERE,
        /** Not in the source store: nothing to copy. */
        MISSING_IN_SOURCE,
        /** The source store refused to read it: its bytes do not match the checksum it keeps. */
        CORRUPT_IN_SOURCE
    }

    /** The outcome, with the size and SHA-256 of what the target now holds (zero and empty when missing). */
    record Result(Outcome outcome, long size, String sha256, boolean differsFromUpload) {
    }

    Result copy(ReferencedBlobs.Ref ref) throws StorageException {
        Optional<Path> own = source.localFile(ref.key());
        Path file;
        try {
            file = own.isPresent() ? own.get() : source.localCopy(ref.key(), scratch);
        } catch (StorageException e) {
            if (e.problem() == Problem.MISSING) {
                return new Result(Outcome.MISSING_IN_SOURCE, 0, "", false);
            }
            if (corrupt(e)) {
                return new Result(Outcome.CORRUPT_IN_SOURCE, 0, "", false);
            }
            throw e;
        }
        try {
            if (!Files.isRegularFile(file)) {
                return new Result(Outcome.MISSING_IN_SOURCE, 0, "", false);
            }
            long size = Files.size(file);
            String sha256;
            try (InputStream in = Files.newInputStream(file)) {
                sha256 = Sha256.of(in);
            }
            // An original that no longer hashes as uploaded is copied as it is (it is what there is) and reported.
            boolean differs = ref.sha256().isPresent() && !ref.sha256().get().equals(sha256);
            if (holds(ref.key(), size, sha256)) {
                return new Result(Outcome.ALREADY_THERE, size, sha256, differs);
            }
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                target.put(ref.key(), file, Optional.of(sha256));
                if (holds(ref.key(), size, sha256)) {
                    return new Result(attempt == 1 ? Outcome.COPIED : Outcome.COPIED_AFTER_DAMAGE, size, sha256,
                            differs);
                }
            }
            throw new StorageException(Problem.UNAVAILABLE, "the copy of " + ref.key() + " read back different "
                    + "from the original " + ATTEMPTS + " times in a row", null);
        } catch (IOException e) {
            throw StorageException.of("read " + ref.key(), e, file);
        } finally {
            if (own.isEmpty()) {
                deleteQuietly(file);
            }
        }
    }

    /** Whether the target holds the key with exactly these bytes (read back and hashed). */
    boolean holds(String key, long size, String sha256) throws StorageException {
        var info = target.stat(key);
        if (info.isEmpty() || info.get().size() != size) {
            return false;
        }
        Optional<InputStream> opened = target.open(key);
        if (opened.isEmpty()) {
            return false;
        }
        try (InputStream in = opened.get()) {
            return Sha256.of(in).equals(sha256);
        } catch (StorageException e) {
            if (corrupt(e)) {
                return false; // a store that checks its checksum on read refused the damaged copy
            }
            throw e;
        } catch (IOException e) {
            throw StorageException.of("read back " + key, e, null);
        }
    }

    /** Whether the failure is a store refusing bytes that do not match their checksum (a cache may wrap it). */
    private static boolean corrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageException storage && storage.problem() == Problem.CORRUPT) {
                return true;
            }
        }
        return false;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a scratch copy: the process's temporary folder is emptied at the next start anyway
        }
    }
}
