package org.vitrine.album;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import org.vitrine.access.LinkAccess;
import org.vitrine.access.Unlocks;
import org.vitrine.access.Viewer;

import java.time.Clock;
import java.time.Duration;

/**
 * LinkCookies writes the cookies a visitor's browser keeps for an album: the share link's key they opened it
 * with (so its images, which carry no key in their URLs, are served to them), and unlocks. Both are HttpOnly and
 * SameSite=Lax; what they are worth is decided at each request (a revoked link's key opens nothing).
 */
public final class LinkCookies {
    /** How long a link's key is kept when the link does not expire sooner. */
    static final Duration KEY_LIFETIME = Duration.ofDays(30);

    private final boolean secure;
    private final Clock clock;

    public LinkCookies(boolean secure, Clock clock) {
        this.secure = secure;
        this.clock = clock;
    }

    /** Keeps the key of the link this album was opened with, for as long as the link lives (at most 30 days). */
    void keep(Context ctx, long albumId, LinkAccess link) {
        long seconds = KEY_LIFETIME.toSeconds();
        if (link.expiresAt() != null) {
            seconds = Math.min(seconds, Math.max(1, (link.expiresAt() - clock.millis()) / 1000));
        }
        ctx.cookie(cookie(Viewer.linkCookieName(albumId), link.key(), (int) seconds));
    }

    /** Sets the unlock cookie of a lock whose password was just given. */
    public void unlock(Context ctx, Unlocks unlocks, String lockName, String lockStamp) {
        long until = clock.millis() + Unlocks.LIFETIME.toMillis();
        ctx.cookie(cookie(Unlocks.cookieName(lockName), unlocks.cookieValue(lockName, lockStamp, until),
                (int) Unlocks.LIFETIME.toSeconds()));
    }

    private Cookie cookie(String name, String value, int maxAgeSeconds) {
        var cookie = new Cookie(name, value);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        cookie.setSameSite(SameSite.LAX);
        cookie.setMaxAge(maxAgeSeconds);
        return cookie;
    }
}
