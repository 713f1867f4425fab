package org.vitrine.photo;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.vitrine.jobs.SubjectCondition;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.inspect.PhotoMetadata;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** PhotoDao stores photos, their metadata and their derivatives. */
public final class PhotoDao {
    private static final String COLUMNS = "id, album_id, sha256, original_key, original_name, format, byte_size, "
            + "width, height, orientation, taken_at, taken_offset, camera_make, camera_model, lens, exposure_time, "
            + "f_number, iso, focal_length, latitude, longitude, altitude, rotation, title, caption, status, "
            + "failure, status_detail, uploaded_at";
    // Photos without a date go last; chronological within an album, then in upload order.
    private static final String ALBUM_ORDER = "ORDER BY (taken_at IS NULL), taken_at, id";

    /**
     * Start-up recovery queues a photo only while it still waits for its sizes, checked in the statement that adds
     * the job: a worker that finished the photo after recovery read it (photo ready, then job done) is not undone
     * by a second job.
     */
    public static final SubjectCondition STILL_PROCESSING = new SubjectCondition(
            "EXISTS (SELECT 1 FROM photos WHERE photos.id = :subjectId AND photos.status = '"
                    + PhotoStatus.PROCESSING.code() + "')");

    private final Jdbi jdbi;
    private final MediaChanges changes;

    public PhotoDao(Jdbi jdbi) {
        this(jdbi, MediaChanges.NONE);
    }

    /** A PhotoDao that tells {@code changes} of every change to who sees a photo's files or where they are. */
    public PhotoDao(Jdbi jdbi, MediaChanges changes) {
        this.jdbi = jdbi;
        this.changes = changes;
    }

    /** A new photo, status processing; {@code uploadId} is the uploader's id for it, or null. */
    public record NewPhoto(long albumId, String sha256, String originalKey, String originalName, ImageFormat format,
                           long byteSize, PhotoMetadata metadata, long uploadedAt, String uploadId) {
        public NewPhoto(long albumId, String sha256, String originalKey, String originalName, ImageFormat format,
                        long byteSize, PhotoMetadata metadata, long uploadedAt) {
            this(albumId, sha256, originalKey, originalName, format, byteSize, metadata, uploadedAt, null);
        }
    }

    public long insert(NewPhoto p) {
        return jdbi.withHandle(h -> insert(h, p));
    }

    /** Inserts within the caller's transaction (upload: photo row and its job together). */
    public long insert(Handle h, NewPhoto p) {
        PhotoMetadata m = p.metadata();
        return h.createUpdate("INSERT INTO photos (album_id, sha256, original_key, original_name, format, "
                        + "byte_size, width, height, orientation, taken_at, taken_offset, camera_make, camera_model, "
                        + "lens, exposure_time, f_number, iso, focal_length, latitude, longitude, altitude, status, "
                        + "uploaded_at, upload_id) VALUES (:album, :sha, :key, :name, :format, :size, :width, :height, "
                        + ":orientation, :takenAt, :offset, :make, :model, :lens, :exposure, :fNumber, :iso, "
                        + ":focal, :lat, :lon, :alt, :status, :now, :uploadId)")
                .bind("uploadId", p.uploadId())
                .bind("status", PhotoStatus.PROCESSING.code())
                .bind("album", p.albumId())
                .bind("sha", p.sha256())
                .bind("key", p.originalKey())
                .bind("name", p.originalName())
                .bind("format", p.format().name())
                .bind("size", p.byteSize())
                .bind("width", m.width())
                .bind("height", m.height())
                .bind("orientation", m.orientation())
                .bind("takenAt", Photo.formatTakenAt(m.takenAt()))
                .bind("offset", m.takenOffset() == null ? null : m.takenOffset().getId())
                .bind("make", m.cameraMake())
                .bind("model", m.cameraModel())
                .bind("lens", m.lens())
                .bind("exposure", m.exposureTime())
                .bind("fNumber", m.fNumber())
                .bind("iso", m.iso())
                .bind("focal", m.focalLength())
                .bind("lat", m.latitude())
                .bind("lon", m.longitude())
                .bind("alt", m.altitude())
                .bind("now", p.uploadedAt())
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    public Optional<Photo> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM photos WHERE id = :id")
                .bind("id", id).map(PhotoDao::map).findOne());
    }

    public Optional<Photo> findInAlbum(long albumId, String sha256) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM photos WHERE album_id = :album AND sha256 = :sha")
                .bind("album", albumId).bind("sha", sha256).map(PhotoDao::map).findOne());
    }

    /** The photo an upload with this id made in the album, if one did. */
    public Optional<Long> findByUploadId(long albumId, String uploadId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id FROM photos WHERE album_id = :album AND upload_id = :upload")
                .bind("album", albumId).bind("upload", uploadId).mapTo(Long.class).findOne());
    }

    public List<Photo> listByAlbum(long albumId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM photos WHERE album_id = :album " + ALBUM_ORDER)
                .bind("album", albumId).map(PhotoDao::map).list());
    }

    /** The ready photos of these albums, newest upload first, at most {@code limit} (feeds and the sitemap). */
    public List<Photo> newestReady(java.util.Collection<Long> albumIds, int limit) {
        if (albumIds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM photos "
                        + "WHERE album_id IN (<albums>) AND status = :ready "
                        + "ORDER BY uploaded_at DESC, id DESC LIMIT :limit")
                .bindList("albums", List.copyOf(albumIds))
                .bind("ready", PhotoStatus.READY.code())
                .bind("limit", limit)
                .map(PhotoDao::map).list());
    }

    /** The derivatives of every photo in an album, by photo id, in one query. */
    public Map<Long, List<Derivative>> derivativesOfAlbum(long albumId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT d.photo_id, d.width, d.height, d.blob_key, d.byte_size "
                        + "FROM derivatives d JOIN photos p ON p.id = d.photo_id WHERE p.album_id = :album "
                        + "ORDER BY d.photo_id, d.width")
                .bind("album", albumId)
                .map(PhotoDao::mapDerivative)
                .list())
                .stream()
                .collect(Collectors.groupingBy(Derivative::photoId, HashMap::new, Collectors.toList()));
    }

    /** The photos with these ids, in no particular order. */
    public List<Photo> findAll(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM photos WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids)).map(PhotoDao::map).list());
    }

    /** The derivatives of these photos, by photo id, in one query. */
    public Map<Long, List<Derivative>> derivativesOf(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT photo_id, width, height, blob_key, byte_size "
                        + "FROM derivatives WHERE photo_id IN (<ids>) ORDER BY photo_id, width")
                .bindList("ids", List.copyOf(ids))
                .map(PhotoDao::mapDerivative)
                .list())
                .stream()
                .collect(Collectors.groupingBy(Derivative::photoId, HashMap::new, Collectors.toList()));
    }

    public List<Derivative> derivatives(long photoId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT photo_id, width, height, blob_key, byte_size "
                        + "FROM derivatives WHERE photo_id = :photo ORDER BY width")
                .bind("photo", photoId).map(PhotoDao::mapDerivative).list());
    }

    /**
     * Replaces the photo's derivatives and marks it ready, in one transaction; false (and nothing stored) when the
     * photo no longer exists.
     */
    public boolean markReady(long photoId, List<Derivative> derivatives) {
        boolean ready = jdbi.inTransaction(h -> {
            // The photo row first: it locks the photo against a concurrent delete until this commits.
            int updated = h.createUpdate("UPDATE photos SET status = :ready, failure = NULL, status_detail = NULL "
                            + "WHERE id = :photo")
                    .bind("photo", photoId).bind("ready", PhotoStatus.READY.code()).execute();
            if (updated == 0) {
                return false;
            }
            h.createUpdate("DELETE FROM derivatives WHERE photo_id = :photo").bind("photo", photoId).execute();
            var batch = h.prepareBatch("INSERT INTO derivatives (photo_id, width, height, blob_key, byte_size) "
                    + "VALUES (:photo, :width, :height, :key, :size)");
            for (Derivative d : derivatives) {
                batch.bind("photo", photoId).bind("width", d.width()).bind("height", d.height())
                        .bind("key", d.blobKey()).bind("size", d.byteSize()).add();
            }
            batch.execute();
            return true;
        });
        changes.photoChanged(photoId);
        return ready;
    }

    /** Shows the photo as processing again (its job is being retried). */
    public void markProcessing(long photoId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE photos SET status = :processing, failure = NULL, "
                        + "status_detail = NULL WHERE id = :id")
                .bind("id", photoId).bind("processing", PhotoStatus.PROCESSING.code()).execute());
        changes.photoChanged(photoId);
    }

    /**
     * Marks the photo failed: why, as a field, and in words for its owner.
     *
     * @param detail the owner's explanation; visitors only read {@link Photo#NOT_PROCESSED}
     */
    public void markFailed(long photoId, PhotoFailure failure, String detail) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE photos SET status = :failed, failure = :failure, "
                        + "status_detail = :detail WHERE id = :id")
                .bind("id", photoId).bind("failed", PhotoStatus.FAILED.code()).bind("failure", failure.name())
                .bind("detail", detail).execute());
        changes.photoChanged(photoId);
    }

    /**
     * Shows these photos as processing again if they are still waiting for an engine, in one statement, so a photo
     * another process already took back (and maybe finished) is left as it is. Returns how many changed.
     */
    public int markProcessingIfWaitingForAnEngine(java.util.Collection<Long> ids) {
        return markProcessingIfFailedWith(PhotoFailure.NO_ENGINE, ids);
    }

    /**
     * Marks these photos processing again if they are still failed for this reason; how many it took back. The
     * condition is in the statement, so two processes retrying at once take each photo once.
     */
    public int markProcessingIfFailedWith(PhotoFailure failure, java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        int changed = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE photos SET status = :processing, failure = NULL, status_detail = NULL
                         WHERE id IN (<ids>) AND status = :failed AND failure = :failure""")
                .bind("processing", PhotoStatus.PROCESSING.code()).bind("failed", PhotoStatus.FAILED.code())
                .bind("failure", failure.name()).bindList("ids", List.copyOf(ids)).execute());
        changes.photosChanged(ids);
        return changed;
    }

    /** A page of the photos failed for this reason, by id after {@code afterId}. */
    public List<Long> idsFailedWith(PhotoFailure failure, long afterId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM photos
                         WHERE status = :failed AND failure = :failure AND id > :afterId
                         ORDER BY id
                         LIMIT :limit""")
                .bind("failed", PhotoStatus.FAILED.code()).bind("failure", failure.name())
                .bind("afterId", afterId).bind("limit", limit)
                .mapTo(Long.class).list());
    }

    public void updateText(long photoId, String title, String caption) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE photos SET title = :title, caption = :caption WHERE id = :id")
                .bind("id", photoId).bind("title", title).bind("caption", caption).execute());
    }

    /** Turns the photo by quarter turns (clockwise positive) and marks it processing until its sizes are made again. */
    public void rotate(long photoId, int quarterTurns) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE photos SET rotation = (rotation + :turns + 4) % 4, "
                        + "status = :processing, failure = NULL, status_detail = NULL WHERE id = :id")
                .bind("id", photoId).bind("processing", PhotoStatus.PROCESSING.code()).bind("turns", quarterTurns).execute());
        changes.photoChanged(photoId);
    }

    /** The files a deleted photo leaves behind: its original (possibly shared) and its sizes. */
    public record PhotoFiles(String originalKey, List<String> derivativeKeys) {
    }

    /**
     * Deletes the photo (and clears it as its album's cover) and returns its files for removal; empty when there
     * was no such photo.
     */
    public Optional<PhotoFiles> delete(long photoId) {
        Optional<PhotoFiles> deleted = jdbi.inTransaction(h -> {
            // Lock the photo first: a derivative job that is storing its sizes now either committed them before
            // (and they are read below) or finds the photo gone.
            if (lockPhotos(h, "id = :id", photoId) == 0) {
                return Optional.<PhotoFiles>empty();
            }
            var files = filesOf(h, "p.id = :id", photoId);
            h.createUpdate("UPDATE albums SET cover_photo_id = NULL WHERE cover_photo_id = :id")
                    .bind("id", photoId).execute();
            h.createUpdate("DELETE FROM photos WHERE id = :id").bind("id", photoId).execute();
            return files.stream().findFirst();
        });
        changes.photoChanged(photoId);
        return deleted;
    }

    /** Deletes an album with its photos (the rows cascade) and returns the photos' files for removal. */
    public List<PhotoFiles> deleteAlbum(long albumId) {
        List<PhotoFiles> deleted = jdbi.inTransaction(h -> {
            lockPhotos(h, "album_id = :id", albumId);
            var files = filesOf(h, "p.album_id = :id", albumId);
            h.createUpdate("DELETE FROM albums WHERE id = :id").bind("id", albumId).execute();
            return files;
        });
        changes.albumChanged(albumId);
        return deleted;
    }

    /** A no-op update: it takes the rows' locks (on SQLite the write lock) until the transaction ends. */
    private static int lockPhotos(Handle h, String where, long id) {
        return h.createUpdate("UPDATE photos SET status = status WHERE " + where).bind("id", id).execute();
    }

    private static List<PhotoFiles> filesOf(Handle h, String where, long id) {
        Map<Long, String> originals = new java.util.LinkedHashMap<>();
        Map<Long, List<String>> sizes = new HashMap<>();
        h.createQuery("SELECT p.id, p.original_key, d.blob_key FROM photos p "
                        + "LEFT JOIN derivatives d ON d.photo_id = p.id WHERE " + where + " ORDER BY p.id")
                .bind("id", id)
                .map((rs, ctx) -> {
                    long photo = rs.getLong("id");
                    originals.put(photo, rs.getString("original_key"));
                    String derivative = rs.getString("blob_key");
                    if (derivative != null) {
                        sizes.computeIfAbsent(photo, k -> new java.util.ArrayList<>()).add(derivative);
                    }
                    return photo;
                })
                .list();
        return originals.entrySet().stream()
                .map(e -> new PhotoFiles(e.getValue(), sizes.getOrDefault(e.getKey(), List.of())))
                .toList();
    }

    /** Those of the keys that some photo uses as its original. */
    public java.util.Set<String> usedOriginals(java.util.Collection<String> keys) {
        return keysIn("SELECT DISTINCT original_key FROM photos WHERE original_key IN (<keys>)", keys);
    }

    /** Those of the keys that are some photo's derivative. */
    public java.util.Set<String> usedDerivatives(java.util.Collection<String> keys) {
        return keysIn("SELECT blob_key FROM derivatives WHERE blob_key IN (<keys>)", keys);
    }

    private java.util.Set<String> keysIn(String sql, java.util.Collection<String> keys) {
        if (keys.isEmpty()) {
            return java.util.Set.of();
        }
        return jdbi.withHandle(h -> h.createQuery(sql).bindList("keys", List.copyOf(keys))
                .mapTo(String.class).set());
    }

    /** Whether any photo still uses the original blob (originals are shared by content across albums). */
    public boolean originalInUse(String originalKey) {
        return jdbi.withHandle(h -> originalInUse(h, originalKey));
    }

    /** Like {@link #originalInUse(String)}, within the caller's transaction. */
    public boolean originalInUse(Handle h, String originalKey) {
        return h.createQuery("SELECT COUNT(*) FROM photos WHERE original_key = :key")
                .bind("key", originalKey).mapTo(Integer.class).one() > 0;
    }

    /** Ids of photos with the given status, oldest first. */
    public List<Long> idsWithStatus(PhotoStatus status) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM photos WHERE status = :status ORDER BY id")
                .bind("status", status.code()).mapTo(Long.class).list());
    }

    /** One page of the ids of photos with the given status: at most {@code limit} ids above {@code afterId}. */
    public List<Long> idsWithStatus(PhotoStatus status, long afterId, int limit) {
        // Keyset paging: each page starts where the last ended, so no page re-reads what came before.
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM photos
                         WHERE status = :status AND id > :afterId
                         ORDER BY id
                         LIMIT :limit""")
                .bind("status", status.code()).bind("afterId", afterId).bind("limit", limit)
                .mapTo(Long.class).list());
    }

    /**
     * One page (ids above {@code afterId}, at most {@code limit}) of the photos that failed only because no engine
     * could decode their format, among these formats.
     */
    public List<Long> idsWaitingForAnEngine(java.util.Collection<ImageFormat> formats, long afterId, int limit) {
        if (formats.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM photos
                         WHERE status = :failed AND failure = :noEngine AND format IN (<formats>) AND id > :afterId
                         ORDER BY id
                         LIMIT :limit""")
                .bind("failed", PhotoStatus.FAILED.code())
                .bind("noEngine", PhotoFailure.NO_ENGINE.name())
                .bindList("formats", formats.stream().map(Enum::name).toList())
                .bind("afterId", afterId).bind("limit", limit)
                .mapTo(Long.class).list());
    }

    private static Derivative mapDerivative(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Derivative(rs.getLong("photo_id"), rs.getInt("width"), rs.getInt("height"),
                rs.getString("blob_key"), rs.getLong("byte_size"));
    }

    static Photo map(ResultSet rs, StatementContext ctx) throws SQLException {
        String takenAt = rs.getString("taken_at");
        String offset = rs.getString("taken_offset");
        String failure = rs.getString("failure");
        var metadata = new PhotoMetadata(
                rs.getInt("width"), rs.getInt("height"), rs.getInt("orientation"),
                takenAt == null ? null : LocalDateTime.parse(takenAt),
                offset == null ? null : ZoneOffset.of(offset),
                rs.getString("camera_make"), rs.getString("camera_model"), rs.getString("lens"),
                rs.getString("exposure_time"), nullableDouble(rs, "f_number"), nullableInt(rs, "iso"),
                nullableDouble(rs, "focal_length"), nullableDouble(rs, "latitude"), nullableDouble(rs, "longitude"),
                nullableDouble(rs, "altitude"));
        return new Photo(rs.getLong("id"), rs.getLong("album_id"), rs.getString("sha256"),
                rs.getString("original_key"), rs.getString("original_name"),
                ImageFormat.valueOf(rs.getString("format")), rs.getLong("byte_size"), metadata, rs.getInt("rotation"),
                rs.getString("title"), rs.getString("caption"), PhotoStatus.parse(rs.getString("status")),
                failure == null ? null : PhotoFailure.valueOf(failure), rs.getString("status_detail"),
                rs.getLong("uploaded_at"));
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
