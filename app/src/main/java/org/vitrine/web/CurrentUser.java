package org.vitrine.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import org.vitrine.user.SessionDao;
import org.vitrine.user.User;

import java.util.Optional;

/**
 * CurrentUser knows who is making a request, from the HttpOnly session cookie, and signs users in and out.
 */
public final class CurrentUser {
    static final String COOKIE = "vitrine_session";
    private static final String ATTRIBUTE = "user";

    private final SessionDao sessions;
    private final boolean secureCookies;

    public CurrentUser(SessionDao sessions, boolean secureCookies) {
        this.sessions = sessions;
        this.secureCookies = secureCookies;
    }

    /** The signed-in user, looked up once per request. */
    public Optional<User> of(Context ctx) {
        Optional<User> cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        String token = ctx.cookie(COOKIE);
        Optional<User> user = token == null || token.isBlank() ? Optional.empty() : sessions.user(token);
        ctx.attribute(ATTRIBUTE, user);
        return user;
    }

    public boolean isOwner(Context ctx) {
        return of(ctx).isPresent();
    }

    /** The signed-in user, or a redirect to the sign-in page. */
    public User require(Context ctx) {
        return of(ctx).orElseThrow(SignInRequired::new);
    }

    public void signIn(Context ctx, User user) {
        var cookie = new Cookie(COOKIE, sessions.create(user.id()));
        cookie.setHttpOnly(true);
        cookie.setSecure(secureCookies);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        cookie.setMaxAge((int) SessionDao.LIFETIME.toSeconds());
        ctx.cookie(cookie);
        ctx.attribute(ATTRIBUTE, Optional.of(user));
    }

    public void signOut(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token != null) {
            sessions.delete(token);
        }
        ctx.removeCookie(COOKIE, "/");
        ctx.attribute(ATTRIBUTE, Optional.empty());
    }
}
