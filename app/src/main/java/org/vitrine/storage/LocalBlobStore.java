package org.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** LocalBlobStore keeps blobs as files under a root folder (by default {@code data/blobs}). */
public final class LocalBlobStore implements BlobStore {
    // Keys are made by Vitrine, never from user input; this guard keeps a bug from escaping the root.
    private static final Pattern SAFE_KEY = Pattern.compile("[a-z0-9]+(/[A-Za-z0-9._-]+)+");

    private final Path root;

    public LocalBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(".tmp-" + UUID.randomUUID());
        try {
            Files.copy(file, temp);
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
        try {
            return Optional.of(Files.newInputStream(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
        try {
            var attributes = Files.readAttributes(resolve(key), BasicFileAttributes.class);
            return Optional.of(new BlobInfo(attributes.size(), attributes.lastModifiedTime().toMillis()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Path localCopy(String key, Path scratchDir) throws IOException {
        Path path = resolve(key);
        if (!Files.exists(path)) {
            throw new NoSuchFileException(key);
        }
        return path;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    private Path resolve(String key) {
        if (!SAFE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("Not a blob key: " + key);
        }
        return root.resolve(key);
    }
}
