package org.vitrine.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * LinkAccess is one share link as the access policy sees it: its key, whether it still opens anything, its lock
 * and its options.
 *
 * @param expiresAt epoch millis after which it opens nothing, or null for never
 * @param revoked   whether the owner revoked it: it opens nothing from that moment
 * @param lockStamp the link's password hash, or null when it has none (an unlock cookie is signed over it, so a
 *                  new password voids the old unlocks)
 */
public record LinkAccess(long id, String key, Long expiresAt, boolean revoked, String lockStamp,
                         LinkOptions options) {

    /** The name of the unlock cookie (and rate-limit key) of this link. */
    public String lockName() {
        return "l" + id;
    }

    /** Whether it opens the album at this moment. */
    public boolean liveAt(long nowMillis) {
        return !revoked && (expiresAt == null || nowMillis < expiresAt);
    }

    /** Whether this is the key presented; compared in constant time. */
    boolean opensWith(String presented) {
        return presented != null && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
