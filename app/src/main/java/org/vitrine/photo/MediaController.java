package org.vitrine.photo;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.vitrine.access.AccessPolicy;
import org.vitrine.access.AlbumAccess;
import org.vitrine.access.AlbumAccessDao;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewer;
import org.vitrine.storage.BlobKeys;
import org.vitrine.storage.BlobRange;
import org.vitrine.storage.BlobStore;
import org.vitrine.web.ByteRange;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.FileNames;
import org.vitrine.web.NotFound;
import org.vitrine.web.PathIds;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * MediaController serves derivatives and originals to whoever the access policy lets see them. Their URLs carry
 * a content hash, so they are cached for a year; the hash also makes them unguessable, which is what protects an
 * unlisted album's images.
 */
public final class MediaController {
    private static final String IMMUTABLE = "max-age=31536000, immutable";

    private final PhotoDao photos;
    private final AlbumAccessDao albumAccess;
    private final AccessPolicy policy;
    private final BlobStore blobs;
    private final CurrentUser currentUser;

    public MediaController(PhotoDao photos, AlbumAccessDao albumAccess, AccessPolicy policy, BlobStore blobs,
                           CurrentUser currentUser) {
        this.photos = photos;
        this.albumAccess = albumAccess;
        this.policy = policy;
        this.blobs = blobs;
        this.currentUser = currentUser;
    }

    /** GET/HEAD /media/d/{photoId}/{file}: a derivative, e.g. 1280-0123456789abcdef.jpg. */
    public void derivative(Context ctx) throws IOException {
        long photoId = PathIds.of(ctx, "photoId");
        String file = ctx.pathParam("file");
        AlbumAccess album = visibleAlbumOf(ctx, photoId, Resource.DERIVATIVE);
        Derivative derivative = photos.derivatives(photoId).stream()
                .filter(d -> BlobKeys.fileName(d.blobKey()).equals(file))
                .findFirst().orElseThrow(NotFound::new);
        String hash = file.substring(file.indexOf('-') + 1, file.lastIndexOf('.'));
        send(ctx, album, derivative.blobKey(), hash, "image/jpeg", null);
    }

    /** GET/HEAD /media/o/{photoId}/{file}: the original as uploaded, e.g. 0123456789abcdef.jpg. */
    public void original(Context ctx) throws IOException {
        long photoId = PathIds.of(ctx, "photoId");
        AlbumAccess album = visibleAlbumOf(ctx, photoId, Resource.ORIGINAL);
        Photo photo = photos.find(photoId).orElseThrow(NotFound::new);
        String expected = photo.sha256().substring(0, 16) + "." + photo.format().extension();
        if (!expected.equals(ctx.pathParam("file"))) {
            throw new NotFound();
        }
        send(ctx, album, photo.originalKey(), photo.sha256().substring(0, 16), photo.format().mimeType(),
                photo.originalName());
    }

    /** The access of the photo's album if this viewer may see this file of it; otherwise 404. */
    private AlbumAccess visibleAlbumOf(Context ctx, long photoId, Resource resource) {
        AlbumAccess album = albumAccess.ofPhoto(photoId).orElseThrow(NotFound::new);
        if (!policy.maySee(Viewer.of(ctx, currentUser), album, resource)) {
            throw new NotFound();
        }
        return album;
    }

    private void send(Context ctx, AlbumAccess album, String key, String hash, String contentType, String downloadName)
            throws IOException {
        var info = blobs.stat(key).orElseThrow(NotFound::new);
        String etag = "\"" + hash + "\"";
        ctx.header("ETag", etag);
        ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochMilli(info.lastModified()).atOffset(ZoneOffset.UTC)));
        ctx.header("Cache-Control", (policy.sharedCachesMayKeep(album) ? "public, " : "private, ") + IMMUTABLE);
        ctx.header("X-Content-Type-Options", "nosniff");
        if (downloadName != null) {
            ctx.header("Content-Disposition", FileNames.inlineDisposition(downloadName));
        }
        if (etag.equals(ctx.header("If-None-Match"))) {
            ctx.status(HttpStatus.NOT_MODIFIED);
            return;
        }
        ctx.header("Accept-Ranges", "bytes");
        ctx.contentType(contentType);
        ByteRange range = ByteRange.parse(ctx.header("Range"), info.size());
        if (range == ByteRange.UNSATISFIABLE) {
            ctx.header("Content-Range", "bytes */" + info.size());
            ctx.status(HttpStatus.RANGE_NOT_SATISFIABLE);
            return;
        }
        if (range == null) {
            ctx.header("Content-Length", String.valueOf(info.size()));
            ctx.result(blobs.open(key).orElseThrow(NotFound::new));
            return;
        }
        // The store seeks (or asks the cloud for just those bytes): nothing before the range is read.
        var stream = blobs.open(key, BlobRange.inclusive(range.start(), range.end())).orElseThrow(NotFound::new);
        ctx.status(HttpStatus.PARTIAL_CONTENT);
        ctx.header("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + info.size());
        ctx.header("Content-Length", String.valueOf(range.length()));
        ctx.result(stream);
    }
}
