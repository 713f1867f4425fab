package org.vitrine.storage;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * ForwardingBlobStore hands every operation to another store: a store that changes a few operations (checks what
 * it reads, repairs what is missing) extends it and overrides only those.
 */
public abstract class ForwardingBlobStore implements BlobStore, AutoCloseable {
    protected final BlobStore store;

    protected ForwardingBlobStore(BlobStore store) {
        this.store = store;
    }

    @Override
    public void put(String key, InputStream content, Optional<String> sha256) throws StorageException {
        store.put(key, content, sha256);
    }

    @Override
    public Optional<InputStream> open(String key, BlobRange range) throws StorageException {
        return store.open(key, range);
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws StorageException {
        return store.stat(key);
    }

    @Override
    public Stream<BlobInfo> list(String prefix) throws StorageException {
        return store.list(prefix);
    }

    @Override
    public Path localCopy(String key, Path scratchDir) throws StorageException {
        return store.localCopy(key, scratchDir);
    }

    @Override
    public Optional<Path> localFile(String key) {
        return store.localFile(key);
    }

    @Override
    public void delete(String key) throws StorageException {
        store.delete(key);
    }

    @Override
    public Optional<URI> url(String key, Duration validFor) throws StorageException {
        return store.url(key, validFor);
    }

    @Override
    public void close() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
