package org.vitrine.access;

import io.javalin.http.Context;
import org.vitrine.user.CurrentUser;

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
        return new Viewer(currentUser.of(ctx).isPresent() ? Role.OWNER : Role.VISITOR, ctx.queryParam("key"));
    }

    public boolean isOwner() {
        return role == Role.OWNER;
    }
}
