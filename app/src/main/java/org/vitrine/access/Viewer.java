package org.vitrine.access;

import io.javalin.http.Context;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.RequestCredentials;

/**
 * Viewer is who asks to see something: a signed-in user with their role, or an anonymous visitor, each with the
 * album key they presented, if any (the {@code key} of a share link).
 */
public record Viewer(Role role, String key) {

    /**
     * Role is what a viewer may do on the whole site. Every account is the site's owner today; roles for other
     * signed-in users (and share-link holders with their own grants) will be added here and as rows in
     * {@link AccessPolicy}.
     */
    public enum Role {
        OWNER, VISITOR
    }

    public static final Viewer ANONYMOUS = new Viewer(Role.VISITOR, null);

    /** The viewer making this request: their session decides the role, the {@code key} parameter the key. */
    public static Viewer of(Context ctx, CurrentUser currentUser) {
        return of(RequestCredentials.of(ctx), currentUser.of(ctx).isPresent());
    }

    /** The viewer of a request answered outside Javalin (images: the media handler), decided the same way. */
    public static Viewer of(RequestCredentials request, CurrentUser currentUser) {
        return of(request, currentUser.of(request).isPresent());
    }

    /**
     * What the request would be if it were not signed in: the cheap first question for images, which are mostly
     * seen by anyone (the policy never lets a visitor see more than a signed-in owner).
     */
    public static Viewer visitorOf(RequestCredentials request) {
        return of(request, false);
    }

    /**
     * The one place a request's cookies and parameters become a viewer, whichever server layer answers it: what
     * a visitor presents (a share link's key, and any grant added later) is read here and nowhere else.
     */
    private static Viewer of(RequestCredentials request, boolean signedIn) {
        return new Viewer(signedIn ? Role.OWNER : Role.VISITOR, request.queryParam("key"));
    }

    public boolean isOwner() {
        return role == Role.OWNER;
    }
}
