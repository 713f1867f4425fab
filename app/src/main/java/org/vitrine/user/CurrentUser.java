package org.vitrine.user;

import io.javalin.http.Context;
import org.vitrine.web.RequestCredentials;
import org.vitrine.web.SessionCookie;
import org.vitrine.web.SignInRequired;
import org.vitrine.web.SignedInEmail;

import java.util.Optional;

/**
 * CurrentUser knows who is making a request, from the session cookie, and signs users in and out. It lives
 * with accounts (not in web) so that web plumbing never depends on a feature: web sees only
 * {@link SessionCookie} and {@link SignedInEmail}.
 */
public final class CurrentUser implements SignedInEmail {
    private static final String ATTRIBUTE = "user";

    private final SessionDao sessions;
    private final SessionCookie cookie;

    public CurrentUser(SessionDao sessions, SessionCookie cookie) {
        this.sessions = sessions;
        this.cookie = cookie;
    }

    /** The signed-in user, looked up once per request. */
    public Optional<User> of(Context ctx) {
        Optional<User> cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        Optional<User> user = cookie.read(ctx).flatMap(sessions::user);
        ctx.attribute(ATTRIBUTE, user);
        return user;
    }

    /** The signed-in user of a request answered outside Javalin (the media handler); not remembered. */
    public Optional<User> of(RequestCredentials request) {
        return cookie.read(request).flatMap(sessions::user);
    }

    public boolean isOwner(Context ctx) {
        return of(ctx).isPresent();
    }

    /** The signed-in user, or a redirect to the sign-in page. */
    public User require(Context ctx) {
        return of(ctx).orElseThrow(SignInRequired::new);
    }

    /** The signed-in user's email, for the page header. */
    @Override
    public Optional<String> email(Context ctx) {
        return of(ctx).map(User::email);
    }

    /**
     * Starts a new session. Any session this browser had is ended first, so a session id planted before sign-in
     * is never promoted (session fixation), and the CSRF token, derived from the session, changes with it.
     */
    public void signIn(Context ctx, User user) {
        cookie.read(ctx).ifPresent(sessions::delete);
        cookie.write(ctx, sessions.create(user.id()), SessionDao.LIFETIME);
        ctx.attribute(ATTRIBUTE, Optional.of(user));
    }

    public void signOut(Context ctx) {
        cookie.read(ctx).ifPresent(sessions::delete);
        cookie.clear(ctx);
        ctx.attribute(ATTRIBUTE, Optional.empty());
    }
}
