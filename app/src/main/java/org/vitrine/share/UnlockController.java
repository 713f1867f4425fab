package org.vitrine.share;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.vitrine.access.LinkAccess;
import org.vitrine.access.Unlocks;
import org.vitrine.album.Album;
import org.vitrine.album.AlbumDao;
import org.vitrine.album.AlbumLocked;
import org.vitrine.album.AlbumMoved;
import org.vitrine.album.LinkCookies;
import org.vitrine.album.LinkGone;
import org.vitrine.user.LoginRateLimiter;
import org.vitrine.user.PasswordHasher;
import org.vitrine.web.ClientAddress;
import org.vitrine.web.ErrorPage;
import org.vitrine.web.LocalRedirect;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;

import java.time.Clock;
import java.time.Duration;

/**
 * UnlockController asks visitors for the password of a protected album or share link, checks it (Argon2id,
 * rate-limited like signing in) and hands out the unlock cookie; it also draws the pages a visitor meets instead
 * of an album: the password prompt, the "link revoked or expired" page, and the redirect from an old address.
 */
public final class UnlockController {
    private final AlbumDao albums;
    private final ShareLinkDao links;
    private final PasswordHasher hasher;
    private final LoginRateLimiter limiter;
    private final ClientAddress clientAddress;
    private final Unlocks unlocks;
    private final LinkCookies cookies;
    private final Pages pages;
    private final Clock clock;

    public UnlockController(AlbumDao albums, ShareLinkDao links, PasswordHasher hasher, LoginRateLimiter limiter,
                            ClientAddress clientAddress, Unlocks unlocks, LinkCookies cookies, Pages pages,
                            Clock clock) {
        this.albums = albums;
        this.links = links;
        this.hasher = hasher;
        this.limiter = limiter;
        this.clientAddress = clientAddress;
        this.unlocks = unlocks;
        this.cookies = cookies;
        this.pages = pages;
        this.clock = clock;
    }

    /** Draws the pages of refusals that are not a plain 404. */
    public void registerPages(JavalinConfig config) {
        config.routes.exception(AlbumLocked.class, (e, ctx) -> prompt(ctx, e.album(), e.lockName(), null,
                HttpStatus.UNAUTHORIZED));
        config.routes.exception(LinkGone.class, (e, ctx) -> {
            ctx.status(HttpStatus.GONE);
            if (ctx.path().startsWith("/api/")) {
                ctx.json(java.util.Map.of("error", e.getMessage()));
                return;
            }
            pages.render(ctx, "error.jte", new ErrorPage(pages.context(ctx, "Link no longer works"), 410,
                    e.getMessage()));
        });
        config.routes.exception(AlbumMoved.class, (e, ctx) ->
                ctx.redirect(e.location(), HttpStatus.MOVED_PERMANENTLY));
    }

    /** POST /a/{slug}/unlock: the password of the album's or the link's lock ({@code lock}). */
    public void unlock(Context ctx) {
        Album album = albums.findBySlug(ctx.pathParam("slug")).orElseThrow(NotFound::new);
        String lockName = ctx.formParam("lock");
        String stamp = stampOf(album, lockName);
        if (stamp == null) {
            throw new NotFound();
        }
        String back = LocalRedirect.path(ctx.formParam("return"))
                .filter(p -> p.startsWith("/a/" + album.slug()))
                .orElse("/a/" + album.slug());
        String address = clientAddress.of(ctx);
        String addressKey = "unlock:" + address;
        String lockKey = "unlock:" + address + " " + album.id() + lockName;
        Duration wait = limiter.waitFor(addressKey, lockKey);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            ctx.header("Retry-After", String.valueOf(seconds));
            prompt(ctx, album, lockName, "Too many wrong passwords. Try again in "
                    + (seconds < 90 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes") + ".",
                    HttpStatus.TOO_MANY_REQUESTS);
            return;
        }
        boolean right;
        try {
            right = hasher.verify(nonNull(ctx.formParam("password")), stamp);
        } catch (PasswordHasher.Busy e) {
            ctx.header("Retry-After", String.valueOf(PasswordHasher.Busy.RETRY_AFTER_SECONDS));
            prompt(ctx, album, lockName, ShareLinkAdminController.BUSY, HttpStatus.SERVICE_UNAVAILABLE);
            return;
        }
        if (!right) {
            limiter.recordFailure(addressKey, lockKey);
            prompt(ctx, album, lockName, "That password is not right.", HttpStatus.UNAUTHORIZED);
            return;
        }
        limiter.reset(lockKey);
        cookies.unlock(ctx, unlocks, lockName, stamp);
        ctx.redirect(back, HttpStatus.SEE_OTHER);
    }

    /** The password hash of the album's lock, or of one of its live links; null when there is no such lock. */
    private String stampOf(Album album, String lockName) {
        if (lockName == null) {
            return null;
        }
        if (lockName.equals(album.access().lockName())) {
            return album.passwordHash();
        }
        return links.accessOf(album.id()).stream()
                .filter(l -> l.lockName().equals(lockName) && l.liveAt(clock.millis()))
                .map(LinkAccess::lockStamp)
                .findFirst().orElse(null);
    }

    private void prompt(Context ctx, Album album, String lockName, String error, HttpStatus status) {
        ctx.status(status);
        if (ctx.path().startsWith("/api/") || ctx.path().startsWith("/media/")) {
            ctx.json(java.util.Map.of("error", "This album is protected by a password."));
            return;
        }
        String back = ctx.method().name().equals("GET") ? ctx.path()
                + (ctx.queryString() == null ? "" : "?" + ctx.queryString()) : nonNull(ctx.formParam("return"));
        boolean linkLock = lockName.startsWith("l");
        pages.render(ctx, "album/locked.jte", new LockedPage(pages.context(ctx, album.title()), album.title(),
                "/a/" + album.slug() + "/unlock", lockName, back, linkLock, error));
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
