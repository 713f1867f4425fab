package org.vitrine.photo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.storage.BlobKeys;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * UnusedBlobCollector removes originals and derivatives that no row refers to: files left by a crash between
 * deleting rows and files, by a photo deleted while its sizes were made, or by a deletion whose file removal
 * failed. Only files older than a grace period go, so a file just stored for a row not yet committed is safe;
 * originals are removed under their lock (see {@link OriginalBlobs}), so a concurrent upload of the same bytes
 * keeps its file.
 */
public final class UnusedBlobCollector {
    /** Longer than any upload or derivative job takes between storing a file and committing its row. */
    public static final Duration GRACE = Duration.ofHours(6);

    private static final Logger log = LoggerFactory.getLogger(UnusedBlobCollector.class);
    private static final int BATCH = 500;

    private final PhotoDao photos;
    private final BlobStore blobs;
    private final OriginalBlobs originals;
    private final Clock clock;
    private final Duration grace;

    public UnusedBlobCollector(PhotoDao photos, BlobStore blobs, OriginalBlobs originals, Clock clock, Duration grace) {
        this.photos = photos;
        this.blobs = blobs;
        this.originals = originals;
        this.clock = clock;
        this.grace = grace;
    }

    /** How many unused files one pass removed. */
    public record Collected(int derivatives, int originals) {
    }

    /** One pass over all blobs; storage errors end the pass early (the next one carries on). */
    public Collected collect() throws StorageException {
        long cutoff = clock.millis() - grace.toMillis();
        int derivatives = sweep(BlobKeys.DERIVATIVES, cutoff, photos::usedDerivatives, key -> {
            blobs.delete(key);
            return true;
        });
        int removedOriginals = sweep(BlobKeys.ORIGINALS, cutoff, photos::usedOriginals, originals::removeIfUnused);
        if (derivatives + removedOriginals > 0) {
            log.info("storage: removed {} unused sizes and {} unused originals", derivatives, removedOriginals);
        }
        return new Collected(derivatives, removedOriginals);
    }

    /** Removal of one blob; true when it removed it. */
    @FunctionalInterface
    private interface Removal {
        boolean remove(String key) throws StorageException;
    }

    private int sweep(String prefix, long cutoff, Function<List<String>, Set<String>> used, Removal removal)
            throws StorageException {
        int removed = 0;
        List<String> batch = new ArrayList<>(BATCH);
        try (var listed = blobs.list(prefix)) {
            var old = listed.filter(b -> b.lastModified() < cutoff).iterator();
            while (old.hasNext()) {
                batch.add(old.next().key());
                if (batch.size() == BATCH || !old.hasNext()) {
                    removed += removeUnused(batch, cutoff, used, removal);
                    batch.clear();
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause() instanceof StorageException storage ? storage
                    : StorageException.of("list " + prefix, e.getCause(), null);
        }
        return removed;
    }

    private int removeUnused(List<String> keys, long cutoff, Function<List<String>, Set<String>> used,
                             Removal removal) throws StorageException {
        Set<String> inUse = used.apply(keys);
        int removed = 0;
        for (String key : keys) {
            if (inUse.contains(key)) {
                continue;
            }
            // Stored again since it was listed (the same size made once more): not unused after all.
            var now = blobs.stat(key);
            if (now.isEmpty() || now.get().lastModified() >= cutoff) {
                continue;
            }
            if (removal.remove(key)) {
                removed++;
            }
        }
        return removed;
    }
}
