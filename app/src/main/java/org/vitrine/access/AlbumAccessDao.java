package org.vitrine.access;

import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/**
 * AlbumAccessDao reads what the access policy decides by for a photo: the visibility and key of its album. It
 * lets features that serve a photo's files ask the policy without depending on the album feature.
 */
public final class AlbumAccessDao {
    private final Jdbi jdbi;

    public AlbumAccessDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The access of the album holding this photo; empty when there is no such photo. */
    public Optional<AlbumAccess> ofPhoto(long photoId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT a.visibility, a.share_key FROM photos p "
                        + "JOIN albums a ON a.id = p.album_id WHERE p.id = :photo")
                .bind("photo", photoId)
                .map((rs, ctx) -> new AlbumAccess(Visibility.parse(rs.getString("visibility")),
                        rs.getString("share_key")))
                .findOne());
    }
}
