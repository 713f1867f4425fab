package org.vitrine.share;

import org.vitrine.access.LinkAccess;
import org.vitrine.access.LinkOptions;

/**
 * ShareLink is one of an album's share links as its owner manages it.
 *
 * @param passwordHash the Argon2id hash of its password, or null
 * @param expiresAt    epoch millis, or null for never
 * @param revokedAt    epoch millis, or null while not revoked
 */
public record ShareLink(long id, long albumId, String key, String label, String passwordHash, Long expiresAt,
                        Long revokedAt, LinkOptions options, long viewCount, Long lastViewedAt, long createdAt) {

    /** Where a link stands at a moment, as the owner's list shows it. */
    public enum State {
        LIVE, EXPIRED, REVOKED
    }

    public State stateAt(long nowMillis) {
        if (revokedAt != null) {
            return State.REVOKED;
        }
        return expiresAt != null && nowMillis >= expiresAt ? State.EXPIRED : State.LIVE;
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    public LinkAccess access() {
        return new LinkAccess(id, key, expiresAt, revokedAt != null, passwordHash, options);
    }
}
