package org.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * ChecksumCheckingBlobStore checks a blob against the SHA-256 its store keeps with it (S3 and Azure metadata)
 * whenever the whole blob is read: a blob whose bytes do not match fails with {@link StorageException.Problem#CORRUPT}
 * rather than being served or copied as good (see {@link ChecksummedInputStream}). A range cannot be checked and
 * is read as it is; a blob stored without a checksum too. It costs one metadata request per whole read.
 */
public final class ChecksumCheckingBlobStore extends ForwardingBlobStore {

    public ChecksumCheckingBlobStore(BlobStore store) {
        super(store);
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
}
