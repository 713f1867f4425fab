package org.vitrine.storage.cache;

import org.vitrine.storage.LocalBlobStore;
import org.vitrine.storage.StorageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BlobCache keeps copies of cloud blobs on the local disk, within a size: the least recently used go first when
 * a new one needs the room. Its folder is its index: entries are found again at the next start, oldest first by
 * modification time. An entry is used only while its file still has the size it was admitted with (a file cut
 * short by a crash or a full disk is dropped, and fetched again).
 */
public final class BlobCache {
    private static final String TEMP_PREFIX = ".fetch-";

    private final Path root;
    private final LocalBlobStore files;
    private final long capacity;
    // Key → size, in order of use (access order): the first entry is the one to evict.
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong evictions = new AtomicLong();

    /** What the cache holds and how well it did since the start, for the logs, the admin and tests. */
    public record Stats(int entries, long bytes, long capacity, long hits, long misses, long evictions) {
    }

    public BlobCache(Path root, long capacity) throws IOException {
        this.files = new LocalBlobStore(root);
        this.root = root.toRealPath();
        this.capacity = capacity;
        try (var leftovers = Files.list(this.root)) {
            for (Path p : leftovers.filter(p -> p.getFileName().toString().startsWith(TEMP_PREFIX)).toList()) {
                Files.deleteIfExists(p); // a fetch cut short by the end of the last process
            }
        }
        try (var known = files.list("")) {
            known.sorted(Comparator.comparingLong(info -> info.lastModified()))
                    .forEach(info -> entries.put(info.key(), info.size()));
        }
        bytes = entries.values().stream().mapToLong(Long::longValue).sum();
        evictBeyondCapacity();
    }

    /** The blobs as files, for reads of a cached entry (ranges, stat). */
    LocalBlobStore files() {
        return files;
    }

    /** The file holding the blob when it is cached and whole; counts a hit and makes it the most recently used. */
    public Optional<Path> lookup(String key) {
        Long size;
        synchronized (this) {
            size = entries.get(key);
        }
        if (size == null) {
            return Optional.empty();
        }
        Path file = files.localFile(key).orElseThrow();
        try {
            if (Files.size(file) == size) {
                hits.incrementAndGet();
                return Optional.of(file);
            }
        } catch (NoSuchFileException e) {
            // removed behind our back: forgotten below
        } catch (IOException e) {
            // unreadable: forgotten below, and fetched again
        }
        forget(key, size);
        return Optional.empty();
    }

    /** Counts a blob that had to be fetched from the cloud. */
    void missed() {
        misses.incrementAndGet();
    }

    /** A new temporary file in the cache's folder (same file system: admitting it is a rename). */
    Path newTempFile() throws StorageException {
        try {
            return Files.createTempFile(root, TEMP_PREFIX, "");
        } catch (IOException e) {
            throw StorageException.of("make room for a cloud blob", e, root);
        }
    }

    /**
     * Moves a whole file of {@code size} bytes into the cache under the key (the file must be on the same file
     * system), then evicts the least recently used entries beyond the capacity. Returns where it now is.
     */
    Path admit(String key, Path file, long size) throws StorageException {
        Path target = files.localFile(key).orElseThrow();
        try {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw StorageException.of("keep a copy of " + key, e, root);
        }
        synchronized (this) {
            Long previous = entries.put(key, size);
            bytes += size - (previous == null ? 0 : previous);
        }
        evictBeyondCapacity();
        return target;
    }

    /** Drops the cached copy of a blob (replaced or deleted). */
    public void remove(String key) throws StorageException {
        Long size;
        synchronized (this) {
            size = entries.remove(key);
            if (size != null) {
                bytes -= size;
            }
        }
        files.delete(key);
    }

    public synchronized Stats stats() {
        return new Stats(entries.size(), bytes, capacity, hits.get(), misses.get(), evictions.get());
    }

    private void forget(String key, long size) {
        synchronized (this) {
            if (!entries.remove(key, size)) {
                return;
            }
            bytes -= size;
        }
        deleteQuietly(key);
    }

    private void evictBeyondCapacity() {
        while (true) {
            String eldest;
            synchronized (this) {
                if (bytes <= capacity || entries.isEmpty()) {
                    return;
                }
                var first = entries.entrySet().iterator().next();
                eldest = first.getKey();
                bytes -= first.getValue();
                entries.remove(eldest);
            }
            evictions.incrementAndGet();
            // A reader that has the file open keeps reading it: the disk space is freed when it closes.
            deleteQuietly(eldest);
        }
    }

    private void deleteQuietly(String key) {
        try {
            files.delete(key);
        } catch (StorageException e) {
            // Left on disk, unlisted: found again at the next start and evicted then.
        }
    }
}
