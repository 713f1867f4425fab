package org.vitrine.photo;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import org.vitrine.access.Resource;
import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;
import org.vitrine.web.ByteRange;
import org.vitrine.web.FileNames;
import org.vitrine.web.NotFound;
import org.vitrine.web.PathIds;
import org.vitrine.web.RequestCredentials;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * MediaController serves derivatives and originals to whoever the access policy lets see them, for what the
 * {@link MediaHandler} in front of Javalin leaves to it: refusals and missing files (the site's styled 404),
 * unsatisfiable ranges (416), files in cloud storage or too large to map, which the store streams. Their URLs
 * carry a content hash, so they are cached for a year; the hash also makes them unguessable, which is what
 * protects an unlisted album's images. Who may see a photo and where its files are come from the
 * {@link MediaLookup}, as for the handler.
 */
public final class MediaController {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MediaController.class);
    private static final String PUBLIC_IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String PRIVATE_IMMUTABLE = "private, max-age=31536000, immutable";

    private final MediaLookup lookup;
    private final BlobStore blobs;
    private final MediaDelivery delivery;

    public MediaController(MediaLookup lookup, BlobStore blobs, MediaDelivery delivery) {
        this.lookup = lookup;
        this.blobs = blobs;
        this.delivery = delivery;
    }

    /** GET/HEAD /media/d/{photoId}/{file}: a derivative, e.g. 1280-0123456789abcdef.jpg. */
    public void derivative(Context ctx) throws IOException {
        send(ctx, lookup.derivative(PathIds.of(ctx, "photoId"), ctx.pathParam("file"), RequestCredentials.of(ctx))
                .orElseThrow(NotFound::new), Resource.DERIVATIVE);
    }

    /** GET/HEAD /media/o/{photoId}/{file}: the original as uploaded, e.g. 0123456789abcdef.jpg. */
    public void original(Context ctx) throws IOException {
        send(ctx, lookup.original(PathIds.of(ctx, "photoId"), ctx.pathParam("file"), RequestCredentials.of(ctx))
                .orElseThrow(NotFound::new), Resource.ORIGINAL);
    }

    private void send(Context ctx, MediaLookup.MediaFile media, Resource resource) throws IOException {
        try {
            sendStored(ctx, media, resource);
        } catch (StorageException e) {
            // The store is down or too slow: said in words, quickly, instead of a thread held for minutes.
            var failure = MediaDelivery.failure(e);
            log.warn("media: {} {} failed: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.res().reset();
            ctx.status(failure.status());
            ctx.header("Retry-After", "30").header("Cache-Control", "no-store").contentType("text/plain");
            ctx.result(failure.words());
        }
    }

    private void sendStored(Context ctx, MediaLookup.MediaFile media, Resource resource) throws IOException {
        String key = media.key();
        String downloadName = media.downloadName();
        String etag = "\"" + media.hash() + "\"";
        String cacheControl = lookup.sharedCachesMayKeep(media) ? PUBLIC_IMMUTABLE : PRIVATE_IMMUTABLE;
        var res = ctx.res();
        if (!lookup.searchEnginesMayIndex(media)) {
            res.addHeader("X-Robots-Tag", "noindex");
        }
        // The browser's copy is this content (the ETag is its hash): no need to look at the file at all.
        if (etag.equals(ctx.header("If-None-Match"))) {
            addCacheHeaders(res, etag, cacheControl, downloadName);
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        // Asked only now: the policy has let this viewer see the file, and a browser's own copy needs no URL.
        if (delivery.decide(key, media.photo().access(), resource) instanceof MediaDelivery.Redirect redirect) {
            res.setHeader("Cache-Control", redirect.cacheControl());
            res.setHeader("Location", redirect.location().toString());
            ctx.status(HttpStatus.FOUND);
            return;
        }
        var info = blobs.stat(key).orElseThrow(NotFound::new);
        long size = info.size();
        String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochMilli(info.lastModified()).atOffset(ZoneOffset.UTC));
        // Only now: a 404 for a missing file must not carry a year-long cache lifetime.
        addCacheHeaders(res, etag, cacheControl, downloadName);
        res.addHeader("Last-Modified", lastModified);
        res.addHeader("Accept-Ranges", "bytes");
        ctx.contentType(media.contentType());
        ByteRange range = ByteRange.parse(ctx.header("Range"), size);
        if (range == ByteRange.UNSATISFIABLE) {
            ctx.header("Content-Range", "bytes */" + size);
            ctx.status(HttpStatus.RANGE_NOT_SATISFIABLE);
            return;
        }
        long length = range == null ? size : range.length();
        if (range != null) {
            ctx.status(HttpStatus.PARTIAL_CONTENT);
            ctx.header("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + size);
        }
        ctx.header("Content-Length", String.valueOf(length));
        if (ctx.method() == HandlerType.HEAD) {
            return;
        }
        // The store streams it (or asks the cloud for just the range).
        var stream = blobs.open(key, range == null ? BlobRange.ALL : BlobRange.inclusive(range.start(), range.end()))
                .orElseThrow(NotFound::new);
        ctx.result(stream);
    }

    /**
     * Adds the headers a 200, 206 and 304 share. Added, not set: none is set yet, and setting first searches the
     * headers for an old value. (X-Content-Type-Options: nosniff comes with every response, see SecurityHeaders.)
     */
    private static void addCacheHeaders(jakarta.servlet.http.HttpServletResponse res, String etag,
                                        String cacheControl, String downloadName) {
        res.addHeader("ETag", etag);
        res.addHeader("Cache-Control", cacheControl);
        if (downloadName != null) {
            res.addHeader("Content-Disposition", FileNames.inlineDisposition(downloadName));
        }
    }
}
