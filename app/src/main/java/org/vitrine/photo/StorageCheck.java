package org.vitrine.photo;

import org.jdbi.v3.core.Jdbi;
import org.vitrine.storage.BlobKeys;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.Sha256;
import org.vitrine.storage.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * StorageCheck compares the blob store with the database: every original and derivative a row refers to must be
 * there, and every original must still hash to the SHA-256 recorded when it was uploaded (read again, streamed).
 * It also finds orphans, blobs no row refers to, and removes them on request, originals under their lock (see
 * {@link OriginalBlobs}) so that an upload of the same bytes at that moment keeps its file.
 */
public final class StorageCheck {
    private static final int PAGE = 500;

    private final Jdbi jdbi;
    private final PhotoDao photos;
    private final BlobStore blobs;
    private final OriginalBlobs originals;
    private final Clock clock;

    public StorageCheck(Jdbi jdbi, BlobStore blobs, OriginalBlobs originals, Clock clock) {
        this.jdbi = jdbi;
        this.photos = new PhotoDao(jdbi);
        this.blobs = blobs;
        this.originals = originals;
        this.clock = clock;
    }

    /** What is wrong with a blob a row refers to. */
    public enum Fault {
        /** The store has no blob under the key. */
        MISSING,
        /** The blob's bytes do not hash to the SHA-256 of the photo (or the checksum stored with it differs). */
        CORRUPT
    }

    /** A blob a row refers to that is missing or corrupt, with the photo and album it belongs to. */
    public record Problem(Fault fault, String kind, long photoId, String albumTitle, String key) {
    }

    /** The outcome of a check: how many blobs were checked, what is wrong, and the orphans found. */
    public record Report(int originalsChecked, int derivativesChecked, List<Problem> problems, List<String> orphans) {
        public long count(Fault fault) {
            return problems.stream().filter(p -> p.fault() == fault).count();
        }

        public boolean healthy() {
            return problems.isEmpty();
        }
    }

    private record PhotoRow(long id, String sha256, String originalKey, String albumTitle) {
    }

    private record DerivativeRow(long photoId, String blobKey, String albumTitle) {
    }

    /** Checks every blob the database refers to and lists the orphans. */
    public Report check() throws StorageException {
        List<Problem> problems = new ArrayList<>();
        int originalsChecked = 0;
        int derivativesChecked = 0;
        long after = 0;
        for (List<PhotoRow> page = photoPage(after); !page.isEmpty(); page = photoPage(after)) {
            // Photos of several albums share one original: it is read once per page, not once per photo.
            Map<String, Optional<Fault>> seen = new HashMap<>();
            for (PhotoRow photo : page) {
                Optional<Fault> fault = seen.get(photo.originalKey());
                if (fault == null) {
                    fault = checkOriginal(photo.originalKey(), photo.sha256());
                    seen.put(photo.originalKey(), fault);
                    originalsChecked++;
                }
                fault.ifPresent(f -> problems.add(new Problem(f, "original", photo.id(), photo.albumTitle(),
                        photo.originalKey())));
            }
            for (DerivativeRow size : derivativesOf(page.getFirst().id(), page.getLast().id())) {
                derivativesChecked++;
                if (blobs.stat(size.blobKey()).isEmpty()) {
                    problems.add(new Problem(Fault.MISSING, "size", size.photoId(), size.albumTitle(),
                            size.blobKey()));
                }
            }
            after = page.getLast().id();
        }
        List<String> orphans = new ArrayList<>();
        orphans.addAll(orphans(BlobKeys.ORIGINALS, photos::usedOriginals));
        orphans.addAll(orphans(BlobKeys.DERIVATIVES, photos::usedDerivatives));
        return new Report(originalsChecked, derivativesChecked, List.copyOf(problems), List.copyOf(orphans));
    }

    /** Removes the orphans that are still unused and older than {@code grace}; returns the keys removed. */
    public List<String> removeOrphans(List<String> orphans, Duration grace) throws StorageException {
        // A blob stored a moment ago may belong to an upload whose row is not committed yet: left alone.
        long cutoff = clock.millis() - grace.toMillis();
        List<String> removed = new ArrayList<>();
        for (String key : orphans) {
            var info = blobs.stat(key);
            if (info.isEmpty() || info.get().lastModified() >= cutoff) {
                continue;
            }
            if (key.startsWith(BlobKeys.ORIGINALS)) {
                if (originals.removeIfUnused(key)) {
                    removed.add(key);
                }
            } else if (photos.usedDerivatives(List.of(key)).isEmpty()) {
                blobs.delete(key);
                removed.add(key);
            }
        }
        return removed;
    }

    private Optional<Fault> checkOriginal(String key, String sha256) throws StorageException {
        var info = blobs.stat(key);
        if (info.isEmpty()) {
            return Optional.of(Fault.MISSING);
        }
        if (info.get().sha256().isPresent() && !info.get().sha256().get().equals(sha256)) {
            return Optional.of(Fault.CORRUPT);
        }
        Optional<InputStream> opened = blobs.open(key);
        if (opened.isEmpty()) {
            return Optional.of(Fault.MISSING); // removed since the stat
        }
        try (InputStream in = opened.get()) {
            return Sha256.of(in).equals(sha256) ? Optional.empty() : Optional.of(Fault.CORRUPT);
        } catch (StorageException e) {
            throw e;
        } catch (IOException e) {
            throw StorageException.of("read " + key, e, null);
        }
    }

    private List<PhotoRow> photoPage(long afterId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id, p.sha256, p.original_key, a.title
                        FROM photos p JOIN albums a ON a.id = p.album_id
                        WHERE p.id > :after
                        ORDER BY p.id
                        LIMIT :limit""")
                .bind("after", afterId).bind("limit", PAGE)
                .map((rs, ctx) -> new PhotoRow(rs.getLong("id"), rs.getString("sha256"), rs.getString("original_key"),
                        rs.getString("title")))
                .list());
    }

    private List<DerivativeRow> derivativesOf(long firstPhotoId, long lastPhotoId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT d.photo_id, d.blob_key, a.title
                        FROM derivatives d
                        JOIN photos p ON p.id = d.photo_id
                        JOIN albums a ON a.id = p.album_id
                        WHERE d.photo_id BETWEEN :first AND :last
                        ORDER BY d.photo_id, d.width""")
                .bind("first", firstPhotoId).bind("last", lastPhotoId)
                .map((rs, ctx) -> new DerivativeRow(rs.getLong("photo_id"), rs.getString("blob_key"),
                        rs.getString("title")))
                .list());
    }

    /** The blobs under the prefix that no row refers to, looked up a batch of keys at a time. */
    private List<String> orphans(String prefix, java.util.function.Function<List<String>, Set<String>> used)
            throws StorageException {
        List<String> orphans = new ArrayList<>();
        List<String> batch = new ArrayList<>(PAGE);
        try (var listed = blobs.list(prefix)) {
            var keys = listed.map(BlobStore.BlobInfo::key).iterator();
            while (keys.hasNext()) {
                batch.add(keys.next());
                if (batch.size() == PAGE || !keys.hasNext()) {
                    Set<String> inUse = used.apply(batch);
                    batch.stream().filter(k -> !inUse.contains(k)).sorted().forEach(orphans::add);
                    batch.clear();
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause() instanceof StorageException storage ? storage
                    : StorageException.of("list " + prefix, e.getCause(), null);
        }
        return orphans;
    }
}
