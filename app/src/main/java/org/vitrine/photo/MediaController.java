package org.vitrine.photo;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.web.ByteRange;
import org.vitrine.web.FileNames;
import org.vitrine.web.MappedFiles;
import org.vitrine.web.NotFound;
import org.vitrine.web.PathIds;
import org.vitrine.web.RequestCredentials;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * MediaController serves derivatives and originals to whoever the access policy lets see them, for what the
 * {@link MediaHandler} in front of Javalin leaves to it: refusals and missing files (the site's styled 404),
 * unsatisfiable ranges, files in cloud storage or too large to map. Their URLs carry
 * a content hash, so they are cached for a year; the hash also makes them unguessable, which is what protects an
 * unlisted album's images. The hot path asks no database: who may see a photo and where its files are come from
 * the {@link MediaIndex}, and local files are sent from memory-mapped {@link MappedFiles}.
 */
public final class MediaController {
    private static final String PUBLIC_IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String PRIVATE_IMMUTABLE = "private, max-age=31536000, immutable";

    private final MediaLookup lookup;
    private final BlobStore blobs;
    private final MappedFiles mapped;

    public MediaController(MediaLookup lookup, BlobStore blobs, MappedFiles mapped) {
        this.lookup = lookup;
        this.blobs = blobs;
        this.mapped = mapped;
    }

    /** GET/HEAD /media/d/{photoId}/{file}: a derivative, e.g. 1280-0123456789abcdef.jpg. */
    public void derivative(Context ctx) throws IOException {
        send(ctx, lookup.derivative(PathIds.of(ctx, "photoId"), ctx.pathParam("file"), RequestCredentials.of(ctx))
                .orElseThrow(NotFound::new));
    }

    /** GET/HEAD /media/o/{photoId}/{file}: the original as uploaded, e.g. 0123456789abcdef.jpg. */
    public void original(Context ctx) throws IOException {
        send(ctx, lookup.original(PathIds.of(ctx, "photoId"), ctx.pathParam("file"), RequestCredentials.of(ctx))
                .orElseThrow(NotFound::new));
    }

    private void send(Context ctx, MediaLookup.MediaFile media) throws IOException {
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
        Optional<MappedFiles.MappedFile> file = mapped.get(key, blobs::localFile);
        long size;
        String lastModified;
        if (file.isPresent()) {
            size = file.get().size();
            lastModified = file.get().lastModified();
        } else {
            var info = blobs.stat(key).orElseThrow(NotFound::new);
            size = info.size();
            lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    Instant.ofEpochMilli(info.lastModified()).atOffset(ZoneOffset.UTC));
        }
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
        long start = range == null ? 0 : range.start();
        long length = range == null ? size : range.length();
        if (range != null) {
            ctx.status(HttpStatus.PARTIAL_CONTENT);
            ctx.header("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + size);
        }
        ctx.header("Content-Length", range == null && file.isPresent() ? file.get().contentLength()
                : String.valueOf(length));
        if (ctx.method() == HandlerType.HEAD) {
            return;
        }
        if (file.isPresent()) {
            sendMapped(ctx, file.get().bytes().slice((int) start, (int) length));
            return;
        }
        // Not a local file, or too large to map: the store streams it (or asks the cloud for just the range).
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

    /** Sends the bytes as the whole body, straight from the mapping (Jetty writes them to the socket as they are). */
    private static void sendMapped(Context ctx, ByteBuffer bytes) throws IOException {
        OutputStream out = ctx.res().getOutputStream();
        if (out instanceof HttpOutput jetty) {
            jetty.sendContent(bytes);
        } else {
            ctx.result(new java.io.ByteArrayInputStream(toArray(bytes)));
        }
    }

    private static byte[] toArray(ByteBuffer bytes) {
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }
}
