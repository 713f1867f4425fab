package org.vitrine.photo;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.vitrine.album.Album;
import org.vitrine.album.AlbumDao;
import org.vitrine.album.Visibility;
import org.vitrine.storage.BlobStore;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * MediaController serves derivatives and originals. Their URLs carry a content hash, so they are cached for
 * a year; the hash also makes them unguessable, which is what protects an unlisted album's images. Images of
 * private albums are served to the owner only, whatever URL is asked for.
 */
public final class MediaController {
    private static final String IMMUTABLE = "max-age=31536000, immutable";

    private final PhotoDao photos;
    private final AlbumDao albums;
    private final BlobStore blobs;
    private final CurrentUser currentUser;

    public MediaController(PhotoDao photos, AlbumDao albums, BlobStore blobs, CurrentUser currentUser) {
        this.photos = photos;
        this.albums = albums;
        this.blobs = blobs;
        this.currentUser = currentUser;
    }

    /** GET/HEAD /media/d/{photoId}/{file}: a derivative, e.g. 1280-0123456789abcdef.jpg. */
    public void derivative(Context ctx) throws IOException {
        long photoId = PhotoController.parseId(ctx.pathParam("photoId"));
        String file = ctx.pathParam("file");
        Album album = albumFor(ctx, photoId);
        Derivative derivative = photos.derivatives(photoId).stream()
                .filter(d -> d.blobKey().endsWith("/" + file))
                .findFirst().orElseThrow(NotFound::new);
        String hash = file.substring(file.indexOf('-') + 1, file.lastIndexOf('.'));
        send(ctx, album, derivative.blobKey(), hash, "image/jpeg", null);
    }

    /** GET/HEAD /media/o/{photoId}/{file}: the original as uploaded, e.g. 0123456789abcdef.jpg. */
    public void original(Context ctx) throws IOException {
        long photoId = PhotoController.parseId(ctx.pathParam("photoId"));
        Photo photo = photos.find(photoId).orElseThrow(NotFound::new);
        Album album = albumFor(ctx, photoId);
        String expected = photo.sha256().substring(0, 16) + "." + photo.format().extension();
        if (!expected.equals(ctx.pathParam("file"))) {
            throw new NotFound();
        }
        send(ctx, album, photo.originalKey(), photo.sha256().substring(0, 16), photo.format().mimeType(),
                photo.originalName());
    }

    private Album albumFor(Context ctx, long photoId) {
        Photo photo = photos.find(photoId).orElseThrow(NotFound::new);
        Album album = albums.find(photo.albumId()).orElseThrow(NotFound::new);
        // Unlisted: the unguessable hash in the URL is the capability. Private: owner only.
        if (album.visibility() == Visibility.PRIVATE && !currentUser.isOwner(ctx)) {
            throw new NotFound();
        }
        return album;
    }

    private void send(Context ctx, Album album, String key, String hash, String contentType, String downloadName)
            throws IOException {
        var info = blobs.stat(key).orElseThrow(NotFound::new);
        String etag = "\"" + hash + "\"";
        ctx.header("ETag", etag);
        ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.ofEpochMilli(info.lastModified()).atOffset(ZoneOffset.UTC)));
        ctx.header("Cache-Control", (album.visibility() == Visibility.PUBLIC ? "public, " : "private, ") + IMMUTABLE);
        ctx.header("X-Content-Type-Options", "nosniff");
        if (downloadName != null) {
            ctx.header("Content-Disposition", "inline; filename*=UTF-8''"
                    + java.net.URLEncoder.encode(downloadName, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
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
        var stream = blobs.open(key).orElseThrow(NotFound::new);
        if (range == null) {
            ctx.header("Content-Length", String.valueOf(info.size()));
            ctx.result(stream);
            return;
        }
        stream.skipNBytes(range.start());
        ctx.status(HttpStatus.PARTIAL_CONTENT);
        ctx.header("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + info.size());
        ctx.header("Content-Length", String.valueOf(range.length()));
        ctx.result(new BoundedInputStream(stream, range.length()));
    }
}
