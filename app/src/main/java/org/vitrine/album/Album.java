package org.vitrine.album;

import org.vitrine.access.AlbumAccess;
import org.vitrine.access.LinkAccess;
import org.vitrine.access.Visibility;

import java.util.List;

/**
 * Album is a titled, ordered set of photos with a visibility, an optional password and share links.
 *
 * @param shareKey     the key its paths carry when unlisted: the viewer's own link key, or for the owner the
 *                     album's first link
 * @param passwordHash the Argon2id hash of the album's password, or null
 * @param links        its share links as the access policy sees them; empty unless loaded (see VisibleAlbums)
 */
public record Album(long id, String slug, String title, String description, Visibility visibility, String shareKey,
                    Long coverPhotoId, long createdAt, long updatedAt, String passwordHash, List<LinkAccess> links) {

    /** What the access policy decides this album's (and its photos') viewers by. */
    public AlbumAccess access() {
        return new AlbumAccess(id, visibility, passwordHash, links);
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    /** The same album with its links, for deciding what a viewer holding one may see. */
    public Album withLinks(List<LinkAccess> loaded) {
        return new Album(id, slug, title, description, visibility, shareKey, coverPhotoId, createdAt, updatedAt,
                passwordHash, loaded);
    }

    /** The same album whose paths carry this key (the link the viewer came with). */
    public Album withShareKey(String key) {
        return new Album(id, slug, title, description, visibility, key, coverPhotoId, createdAt, updatedAt,
                passwordHash, links);
    }

    /** The album's path; unlisted albums carry their key so that the links work for whoever has them. */
    public String path() {
        return "/a/" + slug + keyQuery();
    }

    public String photoPath(long photoId) {
        return "/a/" + slug + "/" + photoId + keyQuery();
    }

    public String keyQuery() {
        return visibility == Visibility.UNLISTED && shareKey != null ? "?key=" + shareKey : "";
    }
}
