package org.vitrine.storage.mirror;

import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;
import org.vitrine.storage.StorageException.Problem;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * MirrorCopier copies one blob between the local disk and the mirror, and only ever a copy whose bytes hash to
 * the checksum expected of them: a damaged copy is never spread to the other store. Each copy to the cloud is
 * recorded in {@link MirroredBlobs}.
 */
final class MirrorCopier {
    private final MirroredBlobs record;
    private final BlobStore local;
    private final BlobStore cloud;
    private final Path scratchDir;
    private final Clock clock;

    MirrorCopier(MirroredBlobs record, BlobStore local, BlobStore cloud, Path scratchDir, Clock clock) {
        this.record = record;
        this.local = local;
        this.cloud = cloud;
        this.scratchDir = scratchDir;
        this.clock = clock;
    }

    /**
     * Makes sure the cloud holds the local blob: nothing to do when a copy with this checksum is recorded or
     * already in the cloud; otherwise the local bytes are streamed up, hashed on the way, and a copy that does
     * not match {@code expectedSha256} is removed again and refused as {@link Problem#CORRUPT}. Without an
     * expected checksum (a size), the local file's own is used. Throws {@link Problem#MISSING} when the local
     * blob is not there.
     */
    void toCloud(String key, Optional<String> expectedSha256) throws StorageException {
        var recorded = record.copy(key);
        if (recorded.isPresent() && expectedSha256.map(recorded.get().sha256()::equals).orElse(true)) {
            return;
        }
        if (expectedSha256.isPresent()) {
            // Already in the cloud with this checksum (copied by an earlier attempt that stopped before recording
            // it): recorded without sending it again, even if the local file is gone meanwhile.
            var inCloud = cloud.stat(key);
            if (inCloud.isPresent() && inCloud.get().sha256().equals(expectedSha256)) {
                record.recordCopy(key, expectedSha256.get(), inCloud.get().size(), clock.millis());
                return;
            }
        }
        if (local.stat(key).isEmpty()) {
            throw missing("local disk", key);
        }
        upload(key, expectedSha256.isPresent() ? expectedSha256.get() : localSha256(key));
    }

    /** Copies the local blob to the cloud whatever the cloud holds (a repair of a damaged cloud copy). */
    void replaceInCloud(String key, String expectedSha256) throws StorageException {
        record.forget(key);
        upload(key, expectedSha256);
    }

    private void upload(String key, String sha256) throws StorageException {
        MessageDigest digest = sha256();
        long size;
        try (InputStream in = local.open(key).orElseThrow(() -> missing("local disk", key));
             var counted = new CountingInputStream(new DigestInputStream(in, digest))) {
            cloud.put(key, counted, Optional.of(sha256));
            size = counted.count;
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.of("read " + key, e, null);
        }
        if (!HexFormat.of().formatHex(digest.digest()).equals(sha256)) {
            cloud.delete(key);
            throw new StorageException(Problem.CORRUPT, "storage corrupt: the local copy of " + key
                    + " does not match its checksum; it was not mirrored", null);
        }
        record.recordCopy(key, sha256, size, clock.millis());
    }

    /**
     * Restores the local blob from the cloud copy, once that copy has been downloaded and found to hash to
     * {@code expectedSha256}; the local blob is replaced atomically, so a failure leaves it as it was.
     */
    void toLocal(String key, String expectedSha256) throws StorageException {
        if (cloud.stat(key).isEmpty()) {
            throw missing("mirror", key);
        }
        Path copy = cloud.localCopy(key, scratchDir);
        try {
            String sha256;
            try (InputStream in = Files.newInputStream(copy)) {
                sha256 = sha256Of(in);
            } catch (IOException e) {
                throw StorageException.of("read the copy of " + key, e, copy);
            }
            if (!sha256.equals(expectedSha256)) {
                throw new StorageException(Problem.CORRUPT, "storage corrupt: the mirror's copy of " + key
                        + " does not match its checksum either", null);
            }
            local.put(key, copy, Optional.of(expectedSha256));
        } finally {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException ignored) {
                // a scratch file: the process's temporary folder goes at the next start
            }
        }
    }

    /** The SHA-256 of the local blob, read once (sizes carry no checksum in the database). */
    String localSha256(String key) throws StorageException {
        try (InputStream in = local.open(key).orElseThrow(() -> missing("local disk", key))) {
            return sha256Of(in);
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.of("read " + key, e, null);
        }
    }

    static String sha256Of(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static StorageException missing(String where, String key) {
        return new StorageException(Problem.MISSING, "storage missing: no blob " + key + " on the " + where, null);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Counts the bytes read, for the size recorded with a copy. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
