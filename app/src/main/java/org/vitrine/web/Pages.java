package org.vitrine.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Pages gives controllers what every page needs: the {@link PageContext} (viewer, CSRF token, one-time
 * message) and rendering.
 */
public final class Pages {
    private static final String FLASH_COOKIE = "vitrine_flash";

    private final Templates templates;
    private final SignedInEmail signedIn;
    private final Csrf csrf;
    private final Supplier<String> siteTitle;
    private final boolean secureCookies;

    /** @param siteTitle the site's title as the owner set it (site/SiteSettings), read for each page */
    public Pages(Templates templates, SignedInEmail signedIn, Csrf csrf, Supplier<String> siteTitle,
                 boolean secureCookies) {
        this.templates = templates;
        this.signedIn = signedIn;
        this.csrf = csrf;
        this.siteTitle = siteTitle;
        this.secureCookies = secureCookies;
    }

    /** The context of a page titled {@code title}; null for a page titled by the site's title alone. */
    public PageContext context(Context ctx, String title) {
        String flash = ctx.cookie(FLASH_COOKIE);
        String flashKind = null;
        if (flash != null) {
            ctx.removeCookie(FLASH_COOKIE, "/");
            flash = URLDecoder.decode(flash, StandardCharsets.UTF_8);
            flashKind = flash.startsWith("!") ? "error" : "ok";
            flash = flash.startsWith("!") ? flash.substring(1) : flash;
        }
        String email = signedIn.email(ctx).orElse(null);
        return new PageContext(title, email, csrf.token(ctx), flash, flashKind, siteTitle.get());
    }

    public void render(Context ctx, String template, Object page) {
        // Pages hold per-user content (the CSRF token, the owner's controls): never cache them in shared caches.
        ctx.header("Cache-Control", "no-store");
        templates.render(ctx, template, page);
    }

    /** Redirects after a successful form post, with a message shown once on the next page. */
    public void redirectWith(Context ctx, String location, String message) {
        setFlash(ctx, message);
        ctx.redirect(location, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Like {@link #redirectWith} for a failure. */
    public void redirectWithError(Context ctx, String location, String message) {
        setFlash(ctx, "!" + message);
        ctx.redirect(location, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void setFlash(Context ctx, String message) {
        var cookie = new Cookie(FLASH_COOKIE, URLEncoder.encode(message, StandardCharsets.UTF_8));
        cookie.setHttpOnly(true);
        cookie.setSecure(secureCookies);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        cookie.setMaxAge(60);
        ctx.cookie(cookie);
    }
}
