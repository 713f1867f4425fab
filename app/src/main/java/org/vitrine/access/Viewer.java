package org.vitrine.access;

import java.util.function.UnaryOperator;

/**
 * Viewer is who asks to see something: a signed-in user with their role, or an anonymous visitor, with what they
 * hold: the album key they presented in the address, if any (the {@code key} of a share link), the link keys
 * and unlocks their cookies carry, and the moment they ask (links expire). Built by {@link Viewers} alone, for
 * pages and images alike.
 *
 * @param cookies a cookie's value by its name, or null
 */
public record Viewer(Role role, String key, UnaryOperator<String> cookies, Unlocks unlocks, long nowMillis) {

    /**
     * Role is what a viewer may do on the whole site. Every account is the site's owner today; roles for other
     * signed-in users will be added here and as rows in {@link AccessPolicy}.
     */
    public enum Role {
        OWNER, VISITOR
    }

    /** Someone holding nothing at all: what a stranger, a crawler or a feed reader sees. */
    public static final Viewer ANONYMOUS = new Viewer(Role.VISITOR, null, name -> null, null, 0);

    static final String LINK_COOKIE_PREFIX = "vitrine_link_";

    /** The cookie that keeps the link key a visitor opened this album with, for its images and later visits. */
    public static String linkCookieName(long albumId) {
        return LINK_COOKIE_PREFIX + albumId;
    }

    public boolean isOwner() {
        return role == Role.OWNER;
    }

    /** The key this viewer holds for that album: the one in the address, else the one its cookie kept. */
    String keyFor(long albumId) {
        return key != null ? key : cookies.apply(linkCookieName(albumId));
    }

    /** Whether this viewer's cookies hold a valid unlock of that lock. */
    boolean unlocked(String lockName, String lockStamp) {
        return unlocks != null && unlocks.opens(lockName, lockStamp, cookies.apply(Unlocks.cookieName(lockName)),
                nowMillis);
    }
}
