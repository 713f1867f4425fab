package org.vitrine.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;

/**
 * Csrf protects every state-changing request with a double-submit token: a random value in an HttpOnly,
 * SameSite=Lax cookie that each form repeats in a hidden field ({@code _csrf}) or scripts send in the
 * {@code X-CSRF-Token} header. Another site can make the browser send the cookie, but cannot read it to
 * repeat it. Works for visitors too, before they sign in.
 */
public final class Csrf {
    public static final String COOKIE = "vitrine_csrf";
    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final String ATTRIBUTE = "csrf";

    private final SecureRandom random = new SecureRandom();
    private final boolean secureCookies;

    public Csrf(boolean secureCookies) {
        this.secureCookies = secureCookies;
    }

    /** The token for this browser, issuing a cookie when it has none yet. */
    public String token(Context ctx) {
        String token = ctx.attribute(ATTRIBUTE);
        if (token != null) {
            return token;
        }
        token = ctx.cookie(COOKIE);
        if (token == null || token.length() != 43) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            var cookie = new Cookie(COOKIE, token);
            cookie.setHttpOnly(true);
            cookie.setSecure(secureCookies);
            cookie.setSameSite(SameSite.LAX);
            cookie.setPath("/");
            ctx.cookie(cookie);
        }
        ctx.attribute(ATTRIBUTE, token);
        return token;
    }

    /** Refuses the request unless it repeats the cookie's token. */
    public void check(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        String sent = ctx.header(HEADER);
        if (sent == null) {
            sent = formField(ctx);
        }
        if (cookie == null || sent == null || !MessageDigest.isEqual(
                cookie.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
            throw new BadRequest(403, "This form has expired or was sent from another site. "
                    + "Reload the page and try again.");
        }
    }

    private static String formField(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null) {
            return null;
        }
        // Multipart bodies are parsed (and streamed to disk) by the upload handler; reading a field here
        // makes Jetty parse the whole body first, which is fine: parts over the threshold go to disk.
        if (contentType.startsWith("multipart/") || contentType.startsWith("application/x-www-form-urlencoded")) {
            return ctx.formParam(FIELD);
        }
        return null;
    }
}
