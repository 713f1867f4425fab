package org.vitrine.testing;

import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;

import java.nio.file.Path;
import java.util.Optional;

/** ForwardingBlobStore passes every call to another store; a test overrides what it wants to happen meanwhile. */
public class ForwardingBlobStore implements BlobStore {
    private final BlobStore to;

    public ForwardingBlobStore(BlobStore to) {
        this.to = to;
    }

    @Override
    public void put(String key, java.io.InputStream content, Optional<String> sha256) throws StorageException {
        to.put(key, content, sha256);
    }

    @Override
    public void put(String key, Path file, Optional<String> sha256) throws StorageException {
        to.put(key, file, sha256);
    }

    @Override
    public Optional<java.io.InputStream> open(String key, BlobRange range) throws StorageException {
        return to.open(key, range);
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws StorageException {
        return to.stat(key);
    }

    @Override
    public java.util.stream.Stream<BlobInfo> list(String prefix) throws StorageException {
        return to.list(prefix);
    }

    @Override
    public Path localCopy(String key, Path scratchDir) throws StorageException {
        return to.localCopy(key, scratchDir);
    }

    @Override
    public void delete(String key) throws StorageException {
        to.delete(key);
    }

    @Override
    public Optional<java.net.URI> url(String key, java.time.Duration validFor) throws StorageException {
        return to.url(key, validFor);
    }
}
