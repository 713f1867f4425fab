package org.vitrine.storage.mirror;

import org.jdbi.v3.core.Jdbi;
import org.vitrine.photo.PhotoStatus;

import java.util.List;
import java.util.Optional;

/**
 * MirroredBlobs is the mirror's record in the database: which blobs a cloud store holds (with the checksum they
 * were copied with), the photos still waiting for a copy (the backlog) and the copies whose blob is gone from the
 * site (deletions to make). The queries read the photo, size and job tables; they write only the mirror's own.
 */
final class MirroredBlobs {
    private final Jdbi jdbi;
    private final String store;
    private final boolean derivatives;

    MirroredBlobs(Jdbi jdbi, String store, boolean derivatives) {
        this.jdbi = jdbi;
        this.store = store;
        this.derivatives = derivatives;
    }

    /** The blobs a photo uses: its original with the checksum from its upload, and the keys of its sizes. */
    record PhotoBlobs(long photoId, String albumTitle, String originalKey, String sha256, List<String> derivativeKeys) {
    }

    /** A blob recorded as copied to the mirror. */
    record Copy(String key, String sha256, long size) {
    }

    /** The photo that has waited longest for its copy. */
    record Oldest(long photoId, String albumTitle, long uploadedAt) {
    }

    /** The mirror's last error and last success, as recorded by the copy jobs. */
    record State(Optional<String> lastError, Optional<Long> lastErrorAt, Optional<Long> lastSuccessAt) {
        /** Whether the last thing recorded was an error: no copy has succeeded since. */
        boolean failing() {
            return lastErrorAt.isPresent() && lastSuccessAt.map(success -> success < lastErrorAt.get()).orElse(true);
        }
    }

    String store() {
        return store;
    }

    boolean derivatives() {
        return derivatives;
    }

    /**
     * A photo still waits for the mirror while its original (or, with derivatives mirrored, one of its sizes once
     * they are all made) has no copy recorded in this store.
     */
    private String waiting() {
        String original = "NOT EXISTS (SELECT 1 FROM mirrored_blobs m WHERE m.store = :store "
                + "AND m.blob_key = p.original_key)";
        if (!derivatives) {
            return original;
        }
        return "(" + original + " OR (p.status <> '" + PhotoStatus.PROCESSING.code() + "' AND EXISTS ("
                + "SELECT 1 FROM derivatives d WHERE d.photo_id = p.id AND NOT EXISTS ("
                + "SELECT 1 FROM mirrored_blobs m WHERE m.store = :store AND m.blob_key = d.blob_key))))";
    }

    Optional<PhotoBlobs> photo(long photoId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id, a.title, p.original_key, p.sha256
                        FROM photos p JOIN albums a ON a.id = p.album_id
                        WHERE p.id = :id""")
                .bind("id", photoId)
                .map((rs, ctx) -> new PhotoBlobs(rs.getLong("id"), rs.getString("title"),
                        rs.getString("original_key"), rs.getString("sha256"), derivativeKeys(rs.getLong("id"))))
                .findOne());
    }

    /** Photos by id after {@code afterId}, for checks that go through all of them a page at a time. */
    List<PhotoBlobs> photos(long afterId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id, a.title, p.original_key, p.sha256
                        FROM photos p JOIN albums a ON a.id = p.album_id
                        WHERE p.id > :after
                        ORDER BY p.id
                        LIMIT :limit""")
                .bind("after", afterId).bind("limit", limit)
                .map((rs, ctx) -> new PhotoBlobs(rs.getLong("id"), rs.getString("title"),
                        rs.getString("original_key"), rs.getString("sha256"), List.of()))
                .list()).stream()
                .map(p -> new PhotoBlobs(p.photoId(), p.albumTitle(), p.originalKey(), p.sha256(),
                        derivatives ? derivativeKeys(p.photoId()) : List.of()))
                .toList();
    }

    private List<String> derivativeKeys(long photoId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT blob_key FROM derivatives WHERE photo_id = :id "
                        + "ORDER BY width")
                .bind("id", photoId).mapTo(String.class).list());
    }

    /** The bytes a photo's copy sends: its original, and its sizes when they are mirrored; 0 when it is gone. */
    long bytesToCopy(long photoId) {
        String sizes = derivatives
                ? " + COALESCE((SELECT SUM(d.byte_size) FROM derivatives d WHERE d.photo_id = p.id), 0)" : "";
        return jdbi.withHandle(h -> h.createQuery("SELECT p.byte_size" + sizes + " FROM photos p WHERE p.id = :id")
                .bind("id", photoId).mapTo(Long.class).findOne().orElse(0L));
    }

    Optional<Copy> copy(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT blob_key, sha256, byte_size FROM mirrored_blobs "
                        + "WHERE store = :store AND blob_key = :key")
                .bind("store", store).bind("key", key)
                .map((rs, ctx) -> new Copy(rs.getString("blob_key"), rs.getString("sha256"), rs.getLong("byte_size")))
                .findOne());
    }

    void recordCopy(String key, String sha256, long size, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO mirrored_blobs (store, blob_key, sha256, byte_size, mirrored_at)
                        VALUES (:store, :key, :sha, :size, :now)
                        ON CONFLICT (store, blob_key) DO UPDATE SET sha256 = excluded.sha256,
                            byte_size = excluded.byte_size, mirrored_at = excluded.mirrored_at""")
                .bind("store", store).bind("key", key).bind("sha", sha256).bind("size", size).bind("now", now)
                .execute());
    }

    void forget(String key) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM mirrored_blobs WHERE store = :store AND blob_key = :key")
                .bind("store", store).bind("key", key).execute());
    }

    /**
     * Photos waiting for the mirror that have no copy job waiting or running, nor one that failed for good
     * (a damaged local original: {@code vitrine storage verify --fix} deals with those), after {@code afterId}.
     */
    List<Long> photosToQueue(long afterId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id FROM photos p
                        WHERE p.id > :after AND %s
                          AND NOT EXISTS (SELECT 1 FROM jobs j
                                          WHERE j.kind = 'MIRROR_COPY' AND j.subject_id = p.id AND j.payload = :store
                                            AND (j.status IN ('queued', 'running')
                                                 OR (j.status = 'failed' AND j.failure = 'PERMANENT')))
                        ORDER BY p.id
                        LIMIT :limit""".formatted(waiting()))
                .bind("store", store).bind("after", afterId).bind("limit", limit)
                .mapTo(Long.class).list());
    }

    /**
     * Copies whose blob the site no longer has: no photo or size refers to it and, for an original, its removal
     * is complete (its lock row in original_blobs goes with the file); those without a deletion job queued.
     */
    List<String> removedToQueue(int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT m.blob_key FROM mirrored_blobs m
                        WHERE m.store = :store
                          AND NOT EXISTS (SELECT 1 FROM photos p WHERE p.original_key = m.blob_key)
                          AND NOT EXISTS (SELECT 1 FROM derivatives d WHERE d.blob_key = m.blob_key)
                          AND NOT EXISTS (SELECT 1 FROM original_blobs o WHERE o.blob_key = m.blob_key)
                          AND NOT EXISTS (SELECT 1 FROM jobs j
                                          WHERE j.kind = 'MIRROR_DELETE' AND j.subject_id = 0
                                            AND j.payload = :store || ' ' || m.blob_key
                                            AND j.status IN ('queued', 'running'))
                        ORDER BY m.blob_key
                        LIMIT :limit""")
                .bind("store", store).bind("limit", limit).mapTo(String.class).list());
    }

    /** Whether the site still uses the blob (or an upload holds its original's lock row): then it stays mirrored. */
    boolean inUse(String key) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT CASE WHEN EXISTS (SELECT 1 FROM photos WHERE original_key = :key)
                                      OR EXISTS (SELECT 1 FROM derivatives WHERE blob_key = :key)
                                      OR EXISTS (SELECT 1 FROM original_blobs WHERE blob_key = :key)
                                    THEN 1 ELSE 0 END""")
                .bind("key", key).mapTo(Integer.class).one() == 1);
    }

    /**
     * The id up to which new photos have been looked at once they are: the newest photo, or, with derivatives
     * mirrored, the one before the oldest still being sized (its sizes are to be copied once they are made).
     */
    long settledPhotoId() {
        String sql = derivatives
                ? "SELECT COALESCE(MIN(id) - 1, (SELECT COALESCE(MAX(id), 0) FROM photos)) FROM photos "
                        + "WHERE status = '" + PhotoStatus.PROCESSING.code() + "'"
                : "SELECT COALESCE(MAX(id), 0) FROM photos";
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    long backlog() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM photos p WHERE " + waiting())
                .bind("store", store).mapTo(Long.class).one());
    }

    long copies() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM mirrored_blobs WHERE store = :store")
                .bind("store", store).mapTo(Long.class).one());
    }

    Optional<Oldest> oldestWaiting() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id, a.title, p.uploaded_at
                        FROM photos p JOIN albums a ON a.id = p.album_id
                        WHERE %s
                        ORDER BY p.uploaded_at, p.id
                        LIMIT 1""".formatted(waiting()))
                .bind("store", store)
                .map((rs, ctx) -> new Oldest(rs.getLong("id"), rs.getString("title"), rs.getLong("uploaded_at")))
                .findOne());
    }

    void recordError(String error, long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO mirror_state (store, last_error, last_error_at) VALUES (:store, :error, :now)
                        ON CONFLICT (store) DO UPDATE SET last_error = excluded.last_error,
                            last_error_at = excluded.last_error_at""")
                .bind("store", store).bind("error", error).bind("now", now).execute());
    }

    void recordSuccess(long now) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO mirror_state (store, last_success_at) VALUES (:store, :now)
                        ON CONFLICT (store) DO UPDATE SET last_success_at = excluded.last_success_at""")
                .bind("store", store).bind("now", now).execute());
    }

    boolean failing() {
        return state().failing();
    }

    State state() {
        return jdbi.withHandle(h -> h.createQuery("SELECT last_error, last_error_at, last_success_at "
                        + "FROM mirror_state WHERE store = :store")
                .bind("store", store)
                .map((rs, ctx) -> new State(Optional.ofNullable(rs.getString("last_error")),
                        optionalLong(rs, "last_error_at"), optionalLong(rs, "last_success_at")))
                .findOne()
                .orElse(new State(Optional.empty(), Optional.empty(), Optional.empty())));
    }

    private static Optional<Long> optionalLong(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
