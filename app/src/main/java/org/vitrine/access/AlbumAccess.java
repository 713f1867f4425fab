package org.vitrine.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * AlbumAccess is what decides who may see an album and everything in it: its visibility and the secret key
 * of its share link.
 */
public record AlbumAccess(Visibility visibility, String shareKey) {

    /** Whether the key a viewer presented is this album's; compared in constant time. */
    boolean opensWith(String key) {
        return key != null && MessageDigest.isEqual(shareKey.getBytes(StandardCharsets.UTF_8),
                key.getBytes(StandardCharsets.UTF_8));
    }
}
