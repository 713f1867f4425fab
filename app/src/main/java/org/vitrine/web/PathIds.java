package org.vitrine.web;

import io.javalin.http.Context;

/** PathIds reads a numeric id from a URL path; anything that is not a number names nothing, so it is 404. */
public final class PathIds {
    private PathIds() {
    }

    /** The id in path parameter {@code name}, or {@link NotFound}. */
    public static long of(Context ctx, String name) {
        return parse(ctx.pathParam(name));
    }

    public static long parse(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new NotFound();
        }
    }
}
