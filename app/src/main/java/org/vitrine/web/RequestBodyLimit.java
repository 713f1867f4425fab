package org.vitrine.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * RequestBodyLimit refuses, from the headers alone, a body that the route will not read: every route takes small
 * forms only (kilobytes, a declared Content-Length), except routes that explicitly allow an upload. The refusal
 * closes the connection, so the body is never read, buffered or spooled.
 */
public final class RequestBodyLimit {
    private static final String UPLOAD_ALLOWED = "vitrine.uploadAllowed";

    private final int maxFormBytes;

    public RequestBodyLimit(int maxFormBytes) {
        this.maxFormBytes = maxFormBytes;
    }

    /** Marks this request as an upload, called by the upload route's own before-handler once it is authorized. */
    public static void allowUpload(Context ctx) {
        ctx.attribute(UPLOAD_ALLOWED, Boolean.TRUE);
    }

    public void check(Context ctx) {
        if (Boolean.TRUE.equals(ctx.attribute(UPLOAD_ALLOWED)) || !hasBody(ctx)) {
            return;
        }
        String contentType = ctx.contentType();
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            throw refuse(ctx, 415, "This address does not take files.");
        }
        long length = ctx.contentLength();
        if (length < 0) {
            throw refuse(ctx, 411, "Send the form with its length (Content-Length).");
        }
        if (length > maxFormBytes) {
            throw refuse(ctx, 413, "This form is too large: the limit is " + maxFormBytes / 1024 + " KB.");
        }
    }

    private static boolean hasBody(Context ctx) {
        HandlerType method = ctx.method();
        boolean mayHaveBody = method == HandlerType.POST || method == HandlerType.PUT
                || method == HandlerType.PATCH || method == HandlerType.DELETE;
        return mayHaveBody && (ctx.contentLength() != 0 || ctx.header("Transfer-Encoding") != null);
    }

    /** A refusal sent before the body is read: the connection is closed rather than drained. */
    static BadRequest refuse(Context ctx, int status, String message) {
        ctx.header("Connection", "close");
        return new BadRequest(status, message);
    }
}
