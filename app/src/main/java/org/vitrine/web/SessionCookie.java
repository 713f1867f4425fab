package org.vitrine.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.time.Duration;
import java.util.Optional;

/**
 * SessionCookie reads and writes the HttpOnly cookie that carries a sign-in session's secret token. It knows
 * nothing of accounts: the user package decides what a token means; {@link Csrf} derives form tokens from it.
 */
public final class SessionCookie {
    static final String NAME = "vitrine_session";

    private final boolean secure;

    public SessionCookie(boolean secure) {
        this.secure = secure;
    }

    /** The token this browser sent, if any. */
    public Optional<String> read(Context ctx) {
        return read(RequestCredentials.of(ctx));
    }

    /** The token these credentials carry, if any (a Javalin route's or a plain Jetty handler's request). */
    public Optional<String> read(RequestCredentials request) {
        String token = request.cookie(NAME);
        return token == null || token.isBlank() ? Optional.empty() : Optional.of(token);
    }

    public void write(Context ctx, String token, Duration lifetime) {
        var cookie = new Cookie(NAME, token);
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        cookie.setMaxAge((int) lifetime.toSeconds());
        ctx.cookie(cookie);
        // Later reads in this request (the CSRF token of the page being answered) see the new session.
        ctx.attribute(NAME, token);
    }

    public void clear(Context ctx) {
        ctx.removeCookie(NAME, "/");
        ctx.attribute(NAME, "");
    }

    /** The session token as it stands after this request's sign-in or sign-out, if any. */
    Optional<String> current(Context ctx) {
        String changed = ctx.attribute(NAME);
        if (changed != null) {
            return changed.isEmpty() ? Optional.empty() : Optional.of(changed);
        }
        return read(ctx);
    }
}
