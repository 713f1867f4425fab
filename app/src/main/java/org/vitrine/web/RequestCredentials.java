package org.vitrine.web;

import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * RequestCredentials is what a request presents to say who is asking: its cookies and its query parameters (a
 * share link's {@code key}). One shape for a Javalin route and for a plain Jetty handler, so the viewer of a
 * request is worked out in one place ({@code Viewer.of}) whichever of them answers.
 */
public interface RequestCredentials {

    /** The value of the cookie with this name, or null. */
    String cookie(String name);

    /** The value of the query parameter with this name, or null. */
    String queryParam(String name);

    static RequestCredentials of(Context ctx) {
        return new RequestCredentials() {
            @Override
            public String cookie(String name) {
                return ctx.cookie(name);
            }

            @Override
            public String queryParam(String name) {
                return ctx.queryParam(name);
            }
        };
    }

    /** A Jetty core request's credentials; cookies and parameters are parsed only when asked for, and only once. */
    static RequestCredentials of(Request request) {
        return new RequestCredentials() {
            @Override
            public String cookie(String name) {
                if (!request.getHeaders().contains(HttpHeader.COOKIE)) {
                    return null;
                }
                for (var cookie : Request.getCookies(request)) {
                    if (cookie.getName().equals(name)) {
                        return cookie.getValue();
                    }
                }
                return null;
            }

            @Override
            public String queryParam(String name) {
                if (request.getHttpURI().getQuery() == null) {
                    return null;
                }
                return Request.extractQueryParameters(request).getValue(name);
            }
        };
    }
}
