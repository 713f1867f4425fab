package org.vitrine.web;

import io.javalin.http.Context;

import java.net.URI;

/**
 * SecurityHeaders sets the headers every response carries: a Content-Security-Policy that allows only the site's
 * own scripts, styles, images and connections (no inline script, no inline style sheet, no framing), and
 * Strict-Transport-Security when the site is served over https.
 */
public final class SecurityHeaders {
    /**
     * Style attributes stay allowed: the gallery gives each tile its aspect ratio as two numeric custom
     * properties ({@code style="--w:4000;--h:3000"}), which the justified grid needs before any image or script
     * arrives. They can carry no script, and style elements and style sheets from elsewhere stay refused.
     */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "style-src-elem 'self'",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private final boolean https;

    public SecurityHeaders(URI baseUrl) {
        this.https = "https".equalsIgnoreCase(baseUrl.getScheme());
    }

    public void apply(Context ctx) {
        // Added, not set: this runs first, and setting searches the headers for an old value (every image pays it).
        var res = ctx.res();
        res.addHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        res.addHeader("X-Content-Type-Options", "nosniff");
        res.addHeader("Referrer-Policy", "same-origin");
        res.addHeader("X-Frame-Options", "DENY");
        if (https) {
            // Only when the owner said the site is https: a browser that saw this over plain http would ignore it,
            // and one that saw it over https must never be sent back to http.
            res.addHeader("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
