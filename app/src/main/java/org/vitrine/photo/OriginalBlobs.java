package org.vitrine.photo;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * OriginalBlobs keeps an original file for as long as a photo uses it. Originals are shared by content across
 * albums, so a photo's deletion removes its original only when no other photo uses it, and that check must not
 * interleave with a new upload of the same bytes: both take the original's row lock in {@code original_blobs}
 * first. A removal then either runs wholly before the upload (which stores the file again) or sees the new photo.
 */
public final class OriginalBlobs {
    private final Jdbi jdbi;
    private final PhotoDao photos;
    private final BlobStore blobs;
    private final Clock clock;

    public OriginalBlobs(Jdbi jdbi, BlobStore blobs, Clock clock) {
        this.jdbi = jdbi;
        this.photos = new PhotoDao(jdbi);
        this.blobs = blobs;
        this.clock = clock;
    }

    /** Inserts the photo and makes sure its original, a copy of the file, is stored; returns the photo's id. */
    public long insertPhoto(PhotoDao.NewPhoto photo, Path file) throws StorageException {
        String key = photo.originalKey();
        // The copy happens outside the lock: on SQLite the lock is the one writer's, held by nobody for long.
        if (!storedAlready(key)) {
            blobs.put(key, file, Optional.of(photo.sha256()));
        }
        return jdbi.inTransaction(h -> {
            lock(h, key);
            long id = photos.insert(h, photo);
            // A removal between the copy above and the lock took the file away: it cannot any more, so store it.
            if (!storedAlready(key)) {
                blobs.put(key, file, Optional.of(photo.sha256()));
            }
            return id;
        });
    }

    /**
     * Whether the original is stored; false when the store cannot tell (a cloud that is down): storing it again
     * is harmless, as its key is its content's hash, and a cloud-primary store accepts it into its spool.
     */
    private boolean storedAlready(String key) {
        try {
            return blobs.stat(key).isPresent();
        } catch (StorageException e) {
            return false;
        }
    }

    /** Removes the original when no photo uses it any more; true when it was removed. */
    public boolean removeIfUnused(String key) throws StorageException {
        return jdbi.inTransaction(h -> {
            lock(h, key);
            if (photos.originalInUse(h, key)) {
                return false;
            }
            blobs.delete(key);
            h.createUpdate("DELETE FROM original_blobs WHERE blob_key = :key").bind("key", key).execute();
            return true;
        });
    }

    /**
     * Takes the original's row lock until the transaction ends. An upsert, because the row may not exist yet; it
     * is also the transaction's first statement, so on SQLite it takes the write lock before reading anything.
     */
    private void lock(Handle h, String key) {
        h.createUpdate("INSERT INTO original_blobs (blob_key, claimed_at) VALUES (:key, :now) "
                        + "ON CONFLICT (blob_key) DO UPDATE SET claimed_at = excluded.claimed_at")
                .bind("key", key).bind("now", clock.millis()).execute();
    }
}
