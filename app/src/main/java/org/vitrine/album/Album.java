package org.vitrine.album;

import org.vitrine.access.AlbumAccess;
import org.vitrine.access.Visibility;

/** Album is a titled, ordered set of photos with a visibility and a secret key for its share link. */
public record Album(long id, String slug, String title, String description, Visibility visibility, String shareKey,
                    Long coverPhotoId, long createdAt, long updatedAt) {

    /** What the access policy decides this album's (and its photos') viewers by. */
    public AlbumAccess access() {
        return new AlbumAccess(visibility, shareKey);
    }

    /** The album's path; unlisted albums carry their key so that the links work for whoever has them. */
    public String path() {
        return "/a/" + slug + keyQuery();
    }

    public String photoPath(long photoId) {
        return "/a/" + slug + "/" + photoId + keyQuery();
    }

    public String keyQuery() {
        return visibility == Visibility.UNLISTED ? "?key=" + shareKey : "";
    }
}
