package org.vitrine.web;

import io.javalin.http.Context;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.PreEncodedHttpField;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

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

    private final List<HttpField> fields;

    public SecurityHeaders(URI baseUrl) {
        var all = new ArrayList<HttpField>(List.of(
                new PreEncodedHttpField("Content-Security-Policy", CONTENT_SECURITY_POLICY),
                new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
                new PreEncodedHttpField("Referrer-Policy", "same-origin"),
                new PreEncodedHttpField("X-Frame-Options", "DENY")));
        if ("https".equalsIgnoreCase(baseUrl.getScheme())) {
            // Only when the owner said the site is https: a browser that saw this over plain http would ignore it,
            // and one that saw it over https must never be sent back to http.
            all.add(new PreEncodedHttpField("Strict-Transport-Security", "max-age=31536000"));
        }
        this.fields = List.copyOf(all);
    }

    public void apply(Context ctx) {
        // Added, not set: this runs first, and setting searches the headers for an old value.
        var res = ctx.res();
        for (HttpField field : fields) {
            res.addHeader(field.getName(), field.getValue());
        }
    }

    /**
     * The same headers, encoded once, for the handlers that answer in front of Javalin (images, assets): they
     * add these to the response as they are.
     */
    public List<HttpField> fields() {
        return fields;
    }
}
