package org.vitrine.share;

import io.javalin.http.Context;
import org.vitrine.access.LinkOptions;
import org.vitrine.access.ShareKeys;
import org.vitrine.album.Album;
import org.vitrine.album.AlbumDao;
import org.vitrine.user.CurrentUser;
import org.vitrine.user.PasswordHasher;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;
import org.vitrine.web.PathIds;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * ShareLinkAdminController lets the owner create, revoke and replace an album's share links, and set or remove
 * the album's password. Passwords are hashed (Argon2id) before anything is stored.
 */
public final class ShareLinkAdminController {
    static final int MAX_LABEL = 200;
    static final String BUSY = "Too many passwords are being checked right now. Try again in a few seconds.";

    private final AlbumDao albums;
    private final ShareLinkDao links;
    private final PasswordHasher hasher;
    private final CurrentUser currentUser;
    private final Pages pages;
    private final SecureRandom random;
    private final Clock clock;

    public ShareLinkAdminController(AlbumDao albums, ShareLinkDao links, PasswordHasher hasher,
                                    CurrentUser currentUser, Pages pages, SecureRandom random, Clock clock) {
        this.albums = albums;
        this.links = links;
        this.hasher = hasher;
        this.currentUser = currentUser;
        this.pages = pages;
        this.random = random;
        this.clock = clock;
    }

    /** POST /admin/albums/{id}/links: a new link from the share-link dialog. */
    public void create(Context ctx) {
        currentUser.require(ctx);
        Album album = albums.find(PathIds.of(ctx, "id")).orElseThrow(NotFound::new);
        String back = "/admin/albums/" + album.id() + "#share-links";
        String label = ctx.formParam("label") == null ? "" : ctx.formParam("label").strip();
        if (label.length() > MAX_LABEL) {
            pages.redirectWithError(ctx, back, "The label is too long (" + MAX_LABEL + " characters at most).");
            return;
        }
        Long expiresAt;
        try {
            int days = Integer.parseInt(value(ctx, "expiresInDays", "0").strip());
            if (days < 0 || days > 3650) {
                throw new NumberFormatException();
            }
            expiresAt = days == 0 ? null : clock.millis() + Duration.ofDays(days).toMillis();
        } catch (NumberFormatException e) {
            pages.redirectWithError(ctx, back, "The expiry must be a number of days from 0 (never) to 3650.");
            return;
        }
        String password = value(ctx, "password", "");
        String hash = null;
        if (!password.isEmpty()) {
            String weakness = PasswordHasher.weakness(password);
            if (weakness != null) {
                pages.redirectWithError(ctx, back, weakness);
                return;
            }
            try {
                hash = hasher.hash(password);
            } catch (PasswordHasher.Busy e) {
                pages.redirectWithError(ctx, back, BUSY);
                return;
            }
        }
        var options = new LinkOptions(checked(ctx, "originals"), checked(ctx, "location"), checked(ctx, "camera"),
                checked(ctx, "nested"), checked(ctx, "comments"));
        links.create(album.id(), ShareKeys.newKey(random), label, hash, expiresAt, options);
        pages.redirectWith(ctx, back, "Share link created" + (label.isEmpty() ? "." : ": " + label + "."));
    }

    /** POST /admin/links/{id}/revoke: the link stops opening anything, now. */
    public void revoke(Context ctx) {
        currentUser.require(ctx);
        ShareLink link = links.find(PathIds.of(ctx, "id")).orElseThrow(NotFound::new);
        links.revoke(link);
        pages.redirectWith(ctx, "/admin/albums/" + link.albumId() + "#share-links",
                "Link revoked: it no longer opens the album or its photos.");
    }

    /** POST /admin/links/{id}/replace: the link is revoked and a new one with a new key takes its place. */
    public void replace(Context ctx) {
        currentUser.require(ctx);
        ShareLink link = links.find(PathIds.of(ctx, "id")).orElseThrow(NotFound::new);
        links.replace(link, ShareKeys.newKey(random));
        pages.redirectWith(ctx, "/admin/albums/" + link.albumId() + "#share-links",
                "Link replaced: the old one no longer works; send the new one.");
    }

    /** POST /admin/albums/{id}/password: sets the album's password, or removes it when {@code remove} is sent. */
    public void password(Context ctx) {
        currentUser.require(ctx);
        Album album = albums.find(PathIds.of(ctx, "id")).orElseThrow(NotFound::new);
        String back = "/admin/albums/" + album.id() + "#album-password";
        if (ctx.formParam("remove") != null) {
            albums.setPasswordHash(album.id(), null);
            pages.redirectWith(ctx, back, "The album has no password now.");
            return;
        }
        String password = value(ctx, "password", "");
        String weakness = PasswordHasher.weakness(password);
        if (weakness != null) {
            pages.redirectWithError(ctx, back, weakness);
            return;
        }
        try {
            albums.setPasswordHash(album.id(), hasher.hash(password));
        } catch (PasswordHasher.Busy e) {
            pages.redirectWithError(ctx, back, BUSY);
            return;
        }
        pages.redirectWith(ctx, back, "Password set: visitors must give it to see the album.");
    }

    private static boolean checked(Context ctx, String name) {
        return ctx.formParam(name) != null;
    }

    private static String value(Context ctx, String name, String fallback) {
        String value = ctx.formParam(name);
        return value == null ? fallback : value;
    }
}
