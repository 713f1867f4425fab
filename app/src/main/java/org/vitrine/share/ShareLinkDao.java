package org.vitrine.share;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.vitrine.access.LinkAccess;
import org.vitrine.access.LinkOptions;
import org.vitrine.photo.MediaChanges;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * ShareLinkDao stores share links. Every change to what a link opens (new, revoked, replaced) is told to
 * {@link MediaChanges} after its commit, so images stop being served at once, like pages.
 */
public final class ShareLinkDao {
    private static final String COLUMNS = """
            id, album_id, share_key, label, password_hash, expires_at, revoked_at, allow_originals, show_location,
            show_camera, include_subalbums, allow_comments, view_count, last_viewed_at, created_at""";

    private final Jdbi jdbi;
    private final Clock clock;
    private final MediaChanges changes;

    public ShareLinkDao(Jdbi jdbi, Clock clock, MediaChanges changes) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.changes = changes;
    }

    /** The album's links, newest first, revoked ones included. */
    public List<ShareLink> listByAlbum(long albumId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM share_links WHERE album_id = :album ORDER BY created_at DESC, id DESC")
                .bind("album", albumId).map(ShareLinkDao::map).list());
    }

    /** The album's links as the access policy needs them. */
    public List<LinkAccess> accessOf(long albumId) {
        return listByAlbum(albumId).stream().map(ShareLink::access).toList();
    }

    public Optional<ShareLink> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM share_links WHERE id = :id")
                .bind("id", id).map(ShareLinkDao::map).findOne());
    }

    public long create(long albumId, String key, String label, String passwordHash, Long expiresAt,
                       LinkOptions options) {
        long id = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO share_links (album_id, share_key, label, password_hash, expires_at, allow_originals,
                                                 show_location, show_camera, include_subalbums, allow_comments,
                                                 created_at)
                        VALUES (:album, :key, :label, :password, :expires, :originals, :location, :camera, :nested,
                                :comments, :now)""")
                .bind("album", albumId)
                .bind("key", key)
                .bind("label", label)
                .bind("password", passwordHash)
                .bind("expires", expiresAt)
                .bind("originals", flag(options.originals()))
                .bind("location", flag(options.location()))
                .bind("camera", flag(options.cameraDetails()))
                .bind("nested", flag(options.nestedAlbums()))
                .bind("comments", flag(options.comments()))
                .bind("now", clock.millis())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        changes.albumChanged(albumId);
        return id;
    }

    /** Revokes the link: from now on it opens nothing (pages, API, images). Revoking twice changes nothing. */
    public void revoke(ShareLink link) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE share_links SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("id", link.id()).bind("now", clock.millis()).execute());
        changes.albumChanged(link.albumId());
    }

    /**
     * Replaces a link by a new one with a new key and the same label, password, expiry and options; the old one
     * is revoked in the same transaction. The album's own key follows, when it was the old link's.
     */
    public long replace(ShareLink old, String newKey) {
        long id = jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE share_links SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .bind("id", old.id()).bind("now", clock.millis()).execute();
            long created = h.createUpdate("""
                            INSERT INTO share_links (album_id, share_key, label, password_hash, expires_at,
                                                     allow_originals, show_location, show_camera, include_subalbums,
                                                     allow_comments, created_at)
                            SELECT album_id, :key, label, password_hash, expires_at, allow_originals, show_location,
                                   show_camera, include_subalbums, allow_comments, :now
                              FROM share_links WHERE id = :id""")
                    .bind("id", old.id()).bind("key", newKey).bind("now", clock.millis())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            h.createUpdate("UPDATE albums SET share_key = :new WHERE id = :album AND share_key = :old")
                    .bind("new", newKey).bind("old", old.key()).bind("album", old.albumId()).execute();
            return created;
        });
        changes.albumChanged(old.albumId());
        return id;
    }

    /** Counts a visit through the link (an album or photo page opened with it). */
    public void recordView(long linkId) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE share_links SET view_count = view_count + 1, last_viewed_at = :now WHERE id = :id""")
                .bind("id", linkId).bind("now", clock.millis()).execute());
    }

    private static int flag(boolean value) {
        return value ? 1 : 0;
    }

    private static ShareLink map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ShareLink(rs.getLong("id"), rs.getLong("album_id"), rs.getString("share_key"),
                rs.getString("label"), rs.getString("password_hash"), nullableLong(rs, "expires_at"),
                nullableLong(rs, "revoked_at"),
                new LinkOptions(rs.getInt("allow_originals") != 0, rs.getInt("show_location") != 0,
                        rs.getInt("show_camera") != 0, rs.getInt("include_subalbums") != 0,
                        rs.getInt("allow_comments") != 0),
                rs.getLong("view_count"), nullableLong(rs, "last_viewed_at"), rs.getLong("created_at"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
