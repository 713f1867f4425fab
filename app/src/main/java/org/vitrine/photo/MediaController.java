package org.vitrine.photo;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.vitrine.access.AccessPolicy;
import org.vitrine.access.AlbumAccess;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewer;
import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.ByteRange;
import org.vitrine.web.FileNames;
import org.vitrine.web.MappedFiles;
import org.vitrine.web.NotFound;
import org.vitrine.web.PathIds;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * MediaController serves derivatives and originals to whoever the access policy lets see them. Their URLs carry
 * a content hash, so they are cached for a year; the hash also makes them unguessable, which is what protects an
 * unlisted album's images. The hot path asks no database: who may see a photo and where its files are come from
 * the {@link MediaIndex}, and local files are sent from memory-mapped {@link MappedFiles}.
 */
public final class MediaController {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MediaController.class);
    private static final String PUBLIC_IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String PRIVATE_IMMUTABLE = "private, max-age=31536000, immutable";

    private final MediaIndex index;
    private final AccessPolicy policy;
    private final BlobStore blobs;
    private final CurrentUser currentUser;
    private final MappedFiles mapped;
    private final MediaDelivery delivery;

    public MediaController(MediaIndex index, AccessPolicy policy, BlobStore blobs, CurrentUser currentUser,
                           MappedFiles mapped, MediaDelivery delivery) {
        this.index = index;
        this.policy = policy;
        this.blobs = blobs;
        this.currentUser = currentUser;
        this.mapped = mapped;
        this.delivery = delivery;
    }

    /** GET/HEAD /media/d/{photoId}/{file}: a derivative, e.g. 1280-0123456789abcdef.jpg. */
    public void derivative(Context ctx) throws IOException {
        var photo = visiblePhoto(ctx, Resource.DERIVATIVE);
        String file = ctx.pathParam("file");
        String key = photo.derivativeKey(file).orElseThrow(NotFound::new);
        String hash = file.substring(file.indexOf('-') + 1, file.lastIndexOf('.'));
        send(ctx, photo.access(), Resource.DERIVATIVE, key, hash, "image/jpeg", null);
    }

    /** GET/HEAD /media/o/{photoId}/{file}: the original as uploaded, e.g. 0123456789abcdef.jpg. */
    public void original(Context ctx) throws IOException {
        var photo = visiblePhoto(ctx, Resource.ORIGINAL);
        if (!photo.originalFileName().equals(ctx.pathParam("file"))) {
            throw new NotFound();
        }
        send(ctx, photo.access(), Resource.ORIGINAL, photo.originalKey(), photo.contentHash(),
                photo.format().mimeType(), photo.originalName());
    }

    /** The photo if this viewer may see this kind of file of it; otherwise 404. */
    private MediaIndex.ServedPhoto visiblePhoto(Context ctx, Resource resource) {
        long photoId = PathIds.of(ctx, "photoId");
        var photo = index.photo(photoId).orElseThrow(NotFound::new);
        // The session is looked up only when a visitor would be refused: the policy never lets a visitor see
        // more than a signed-in owner, and most image requests are for what anyone may see.
        Viewer visitor = new Viewer(Viewer.Role.VISITOR, ctx.queryParam("key"));
        if (!policy.maySee(visitor, photo.access(), resource)
                && !policy.maySee(Viewer.of(ctx, currentUser), photo.access(), resource)) {
            throw new NotFound();
        }
        return photo;
    }

    private void send(Context ctx, AlbumAccess album, Resource resource, String key, String hash, String contentType,
                      String downloadName) throws IOException {
        try {
            sendStored(ctx, album, resource, key, hash, contentType, downloadName);
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

    private void sendStored(Context ctx, AlbumAccess album, Resource resource, String key, String hash,
                            String contentType, String downloadName) throws IOException {
        String etag = "\"" + hash + "\"";
        String cacheControl = policy.sharedCachesMayKeep(album) ? PUBLIC_IMMUTABLE : PRIVATE_IMMUTABLE;
        var res = ctx.res();
        if (!policy.searchEnginesMayIndex(album)) {
            res.addHeader("X-Robots-Tag", "noindex");
        }
        // The browser's copy is this content (the ETag is its hash): no need to look at the file at all.
        if (etag.equals(ctx.header("If-None-Match"))) {
            addCacheHeaders(res, etag, cacheControl, downloadName);
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        // Asked only now: the policy has let this viewer see the file, and a browser's own copy needs no URL.
        if (delivery.decide(key, album, resource) instanceof MediaDelivery.Redirect redirect) {
            res.setHeader("Cache-Control", redirect.cacheControl());
            res.setHeader("Location", redirect.location().toString());
            ctx.status(HttpStatus.FOUND);
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
        ctx.contentType(contentType);
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
