package org.vitrine.album;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.vitrine.access.Visibility;
import org.vitrine.photo.MediaChanges;
import org.vitrine.photo.PhotoStatus;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** AlbumDao stores albums. */
public final class AlbumDao {
    private static final String COLUMNS =
            "a.id, a.slug, a.title, a.description, a.visibility, a.share_key, a.cover_photo_id, a.created_at, a.updated_at, "
            + "a.password_hash";

    private final Jdbi jdbi;
    private final Clock clock;

    private final MediaChanges changes;

    public AlbumDao(Jdbi jdbi, Clock clock) {
        this(jdbi, clock, MediaChanges.NONE);
    }

    /** An AlbumDao that tells {@code changes} of every change to who may see an album's photos. */
    public AlbumDao(Jdbi jdbi, Clock clock, MediaChanges changes) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.changes = changes;
    }

    public Optional<Album> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM albums a WHERE a.id = :id")
                .bind("id", id).map(AlbumDao::map).findOne());
    }

    public Optional<Album> findBySlug(String slug) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM albums a WHERE a.slug = :slug")
                .bind("slug", slug).map(AlbumDao::map).findOne());
    }

    public boolean slugTaken(String slug, long exceptId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM albums WHERE slug = :slug AND id <> :id")
                .bind("slug", slug).bind("id", exceptId).mapTo(Integer.class).one()) > 0;
    }

    /** Every album, for the owner's pages. */
    public List<AlbumWithCount> listAll() {
        return list(java.util.EnumSet.allOf(Visibility.class));
    }

    /**
     * Albums of these visibilities with their photo counts and cover photo, newest first. The cover is the
     * chosen one, else the album's first ready photo.
     */
    public List<AlbumWithCount> list(Set<Visibility> visibilities) {
        if (visibilities.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + ", "
                        + "(SELECT COUNT(*) FROM photos p WHERE p.album_id = a.id) AS photo_count, "
                        + "COALESCE(a.cover_photo_id, (SELECT p.id FROM photos p "
                        + "  WHERE p.album_id = a.id AND p.status = :ready "
                        + "  ORDER BY (p.taken_at IS NULL), p.taken_at, p.id LIMIT 1)) AS cover_id "
                        + "FROM albums a WHERE a.visibility IN (<visibilities>) "
                        + "ORDER BY a.created_at DESC, a.id DESC")
                .bind("ready", PhotoStatus.READY.code())
                .bindList("visibilities", visibilities.stream().map(Visibility::code).toList())
                .map((rs, ctx) -> new AlbumWithCount(map(rs, ctx), rs.getInt("photo_count"),
                        nullableLong(rs, "cover_id")))
                .list());
    }

    /**
     * Creates an album with its first share link, whose key is {@code shareKey}. The first link lets its holders
     * download originals and see camera details and places, as the album's one link always did.
     */
    public long insert(String slug, String title, String description, Visibility visibility, String shareKey) {
        long now = clock.millis();
        return jdbi.inTransaction(h -> {
            long id = h.createUpdate(
                        "INSERT INTO albums (slug, title, description, visibility, share_key, created_at, updated_at) "
                                + "VALUES (:slug, :title, :description, :visibility, :key, :now, :now)")
                .bind("slug", slug)
                .bind("title", title)
                .bind("description", description)
                .bind("visibility", visibility.code())
                .bind("key", shareKey)
                .bind("now", now)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
            h.createUpdate("""
                            INSERT INTO share_links (album_id, share_key, label, allow_originals, show_location,
                                                     show_camera, created_at)
                            VALUES (:album, :key, 'First link', 1, 1, 1, :now)""")
                    .bind("album", id).bind("key", shareKey).bind("now", now).execute();
            return id;
        });
    }

    /** Saves an album; a changed address keeps the old one, which then redirects to the new one. */
    public void update(long id, String slug, String title, String description, Visibility visibility) {
        jdbi.useTransaction(h -> {
            String oldSlug = h.createQuery("SELECT slug FROM albums WHERE id = :id").bind("id", id)
                    .mapTo(String.class).findOne().orElse(slug);
            h.createUpdate("UPDATE albums SET slug = :slug, title = :title, "
                            + "description = :description, visibility = :visibility, updated_at = :now WHERE id = :id")
                    .bind("id", id)
                    .bind("slug", slug)
                    .bind("title", title)
                    .bind("description", description)
                    .bind("visibility", visibility.code())
                    .bind("now", clock.millis())
                    .execute();
            if (!oldSlug.equals(slug)) {
                // The new address is this album's own now, whoever had it before; the old one points here.
                h.createUpdate("DELETE FROM album_old_slugs WHERE slug IN (:old, :new)")
                        .bind("old", oldSlug).bind("new", slug).execute();
                h.createUpdate("INSERT INTO album_old_slugs (slug, album_id) VALUES (:old, :id)")
                        .bind("old", oldSlug).bind("id", id).execute();
            }
        });
        changes.albumChanged(id);
    }

    /** The album's address now, when this is an address it had before. */
    public Optional<String> movedFrom(String oldSlug) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT a.slug FROM album_old_slugs o JOIN albums a ON a.id = o.album_id
                         WHERE o.slug = :slug""")
                .bind("slug", oldSlug).mapTo(String.class).findOne());
    }

    /** Sets the album's password (an Argon2id hash), or removes it (null). Unlocks of the old one stop working. */
    public void setPasswordHash(long id, String passwordHash) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE albums SET password_hash = :hash, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("hash", passwordHash).bind("now", clock.millis()).execute());
        changes.albumChanged(id);
    }

    public void setCover(long albumId, Long photoId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE albums SET cover_photo_id = :photo WHERE id = :id")
                .bind("id", albumId).bind("photo", photoId).execute());
    }

    public void delete(long id) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM albums WHERE id = :id").bind("id", id).execute());
        changes.albumChanged(id);
    }

    private static Album map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Album(rs.getLong("id"), rs.getString("slug"), rs.getString("title"), rs.getString("description"),
                Visibility.parse(rs.getString("visibility")), rs.getString("share_key"),
                nullableLong(rs, "cover_photo_id"), rs.getLong("created_at"), rs.getLong("updated_at"),
                rs.getString("password_hash"), List.of());
    }

    // wasNull() speaks of the column read last, so it must follow its own getLong at once.
    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** An album, how many photos it holds, and the id of its cover photo (null while none is ready). */
    public record AlbumWithCount(Album album, int photoCount, Long coverPhotoId) {
    }
}
