package org.vitrine.access;

import io.javalin.http.Context;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.RequestCredentials;

import java.time.Clock;

/**
 * Viewers builds the {@link Viewer} of a request, the one place that reads what a request holds: the session,
 * the {@code key} in the address, the share-link and unlock cookies. Pages, the API and images (a Javalin route
 * or a plain Jetty handler, through {@link RequestCredentials}) all go through {@link #of(RequestCredentials)},
 * so none of them can know more or less than the others.
 */
public final class Viewers {
    private final CurrentUser currentUser;
    private final Unlocks unlocks;
    private final Clock clock;

    public Viewers(CurrentUser currentUser, Unlocks unlocks, Clock clock) {
        this.currentUser = currentUser;
        this.unlocks = unlocks;
        this.clock = clock;
    }

    /** The viewer making this Javalin request (its session remembered for the rest of the request). */
    public Viewer of(Context ctx) {
        return of(RequestCredentials.of(ctx), currentUser.of(ctx).isPresent());
    }

    /** The viewer of any request, whatever answers it. */
    public Viewer of(RequestCredentials request) {
        return of(request, currentUser.of(request).isPresent());
    }

    /**
     * What the request would be if it were not signed in: the cheap first question for images, which are mostly
     * seen by anyone (the policy never lets a visitor see more than a signed-in owner).
     */
    public Viewer visitorOf(RequestCredentials request) {
        return of(request, false);
    }

    private Viewer of(RequestCredentials request, boolean signedIn) {
        return new Viewer(signedIn ? Viewer.Role.OWNER : Viewer.Role.VISITOR, request.queryParam("key"),
                request::cookie, unlocks, clock.millis());
    }
}
