package org.vitrine.storage.mirror;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.ForwardingBlobStore;
import org.vitrine.storage.StorageException;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * RepairingLocalStore is the local store in mirror mode: a blob the site still uses that has gone missing from
 * the local disk (a lost file, a restored old backup) is fetched back from the mirror when it is read (served,
 * or resized) — checked against its checksum before it is put back — instead of failing the request or the photo.
 * Presence ({@link #stat}) is not repaired: {@code vitrine storage verify} still reports what was missing, and
 * its {@code --fix} repairs everything at once, damaged files included.
 */
final class RepairingLocalStore extends ForwardingBlobStore {
    private static final Logger log = LoggerFactory.getLogger(RepairingLocalStore.class);

    private final MirroredBlobs record;
    private final MirrorCopier copier;

    RepairingLocalStore(BlobStore local, MirroredBlobs record, MirrorCopier copier) {
        super(local);
        this.record = record;
        this.copier = copier;
    }

    @Override
    public Optional<InputStream> open(String key, BlobRange range) throws StorageException {
        Optional<InputStream> in = store.open(key, range);
        if (in.isPresent() || !restored(key)) {
            return in;
        }
        return store.open(key, range);
    }

    @Override
    public Path localCopy(String key, Path scratchDir) throws StorageException {
        try {
            return store.localCopy(key, scratchDir);
        } catch (StorageException e) {
            if (e.problem() == StorageException.Problem.MISSING && restored(key)) {
                return store.localCopy(key, scratchDir);
            }
            throw e;
        }
    }

    @Override
    public Optional<Path> localFile(String key) {
        Optional<Path> file = store.localFile(key);
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            restored(key);
        }
        return file;
    }

    /** Fetches a missing blob back from the mirror when it has a copy and the site still uses it. */
    private boolean restored(String key) {
        var copy = record.copy(key);
        if (copy.isEmpty() || !record.inUse(key)) {
            return false;
        }
        try {
            copier.toLocal(key, copy.get().sha256());
            log.warn("mirror: {} was missing on the local disk and was restored from the mirror", key);
            return true;
        } catch (StorageException e) {
            log.warn("mirror: {} is missing on the local disk and could not be restored: {}", key, e.getMessage());
            return false;
        }
    }
}
