package org.vitrine.access;

import io.javalin.http.Context;
import org.vitrine.user.CurrentUser;

import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Viewers builds the {@link Viewer} of a request, the one place that reads what a request holds: the session,
 * the {@code key} in the address, the link and unlock cookies. Pages, the API and images all go through
 * {@link #of(String, UnaryOperator, BooleanSupplier)}, so none of them can know more or less than the others.
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

    /** The viewer making this Javalin request. */
    public Viewer of(Context ctx) {
        return of(ctx.queryParam("key"), ctx::cookie, () -> currentUser.of(ctx).isPresent());
    }

    /**
     * The viewer of any request, whatever serves it (a Javalin route or a bare Jetty handler).
     *
     * @param key     the {@code key} query parameter, or null
     * @param cookies a cookie's value by name, or null
     * @param owner   whether the request's session is the owner's; asked only when it matters
     */
    public Viewer of(String key, UnaryOperator<String> cookies, BooleanSupplier owner) {
        return new Viewer(owner.getAsBoolean() ? Viewer.Role.OWNER : Viewer.Role.VISITOR, key, cookies, unlocks,
                clock.millis());
    }

    /** The same viewer as a visitor: what they see without their session (images ask this first: no lookup). */
    public Viewer visitor(String key, UnaryOperator<String> cookies) {
        return new Viewer(Viewer.Role.VISITOR, key, cookies, unlocks, clock.millis());
    }

    public Unlocks unlocks() {
        return unlocks;
    }
}
