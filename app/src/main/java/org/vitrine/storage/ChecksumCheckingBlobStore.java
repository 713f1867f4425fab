package org.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * ChecksumCheckingBlobStore checks a blob against the SHA-256 its store keeps with it (S3 and Azure metadata)
 * whenever the whole blob is read: a blob whose bytes do not match fails with {@link StorageException.Problem#CORRUPT}
 * rather than being served or copied as good (see {@link ChecksummedInputStream}). A range cannot be checked and
 * is read as it is; a blob stored without a checksum too. It costs one metadata request per whole read.
 */
public final class ChecksumCheckingBlobStore implements BlobStore, AutoCloseable {
    private final BlobStore store;

    public ChecksumCheckingBlobStore(BlobStore store) {
        this.store = store;
    }

    @Override
    public Optional<InputStream> open(String key, BlobRange range) throws StorageException {
        if (!range.equals(BlobRange.ALL)) {
            return store.open(key, range);
        }
        Optional<BlobInfo> info = store.stat(key);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        Optional<InputStream> in = store.open(key, range);
        if (info.get().sha256().isEmpty()) {
            return in;
        }
        return in.map(stream -> new ChecksummedInputStream(stream, info.get().size(), info.get().sha256().get(),
                key));
    }

    @Override
    public Path localCopy(String key, Path scratchDir) throws StorageException {
        Path target = scratchDir.resolve(UUID.randomUUID() + "-" + BlobKeys.fileName(key));
        try (InputStream in = open(key).orElseThrow(() -> new StorageException(StorageException.Problem.MISSING,
                "storage missing: no blob " + key, null))) {
            Files.createDirectories(scratchDir);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // a scratch file, removed with its folder later
            }
            throw StorageException.of("copy " + key + " to local disk", e, scratchDir);
        }
    }

    @Override
    public void put(String key, InputStream content, Optional<String> sha256) throws StorageException {
        store.put(key, content, sha256);
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
