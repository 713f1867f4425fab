package org.vitrine.album;

/** Album is a titled, ordered set of photos with a visibility and a secret key for its share link. */
public record Album(long id, String slug, String title, String description, Visibility visibility, String shareKey,
                    Long coverPhotoId, long createdAt, long updatedAt) {

    /** Whether a viewer may see this album: the owner always; others per visibility and the key they sent. */
    public boolean visibleTo(boolean owner, String key) {
        return owner || switch (visibility) {
            case PUBLIC -> true;
            case UNLISTED -> key != null && java.security.MessageDigest.isEqual(
                    shareKey.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            case PRIVATE -> false;
        };
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
