package org.vitrine.access;

import java.util.List;

/**
 * AlbumAccess is what decides who may see an album and everything in it: its visibility, its password, if any,
 * and its share links (revoked and expired ones included, so that their holders are told so).
 *
 * @param lockStamp the album's password hash, or null when it has none
 */
public record AlbumAccess(long albumId, Visibility visibility, String lockStamp, List<LinkAccess> links) {

    public AlbumAccess {
        links = List.copyOf(links);
    }

    /** The name of the album's unlock cookie (and rate-limit key). */
    public String lockName() {
        return "a" + albumId;
    }

    /** The link whose key this is, live or not; null when none. Every key is compared, in constant time. */
    LinkAccess linkFor(String key) {
        LinkAccess found = null;
        for (LinkAccess link : links) {
            if (link.opensWith(key)) {
                found = link;
            }
        }
        return found;
    }
}
