package org.vitrine.photo;

import io.javalin.http.Context;
import org.vitrine.album.AlbumDao;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.storage.BlobStore;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;

import java.io.IOException;

/**
 * PhotoAdminController lets the owner caption, rotate, feature and delete a photo. Rotating never touches the
 * original: the photo's sizes are made again with the new rotation.
 */
public final class PhotoAdminController {
    private final PhotoDao photos;
    private final AlbumDao albums;
    private final BlobStore blobs;
    private final JobQueue jobs;
    private final Runnable wakeWorkers;
    private final CurrentUser currentUser;
    private final Pages pages;

    public PhotoAdminController(PhotoDao photos, AlbumDao albums, BlobStore blobs, JobQueue jobs,
                                Runnable wakeWorkers, CurrentUser currentUser, Pages pages) {
        this.photos = photos;
        this.albums = albums;
        this.blobs = blobs;
        this.jobs = jobs;
        this.wakeWorkers = wakeWorkers;
        this.currentUser = currentUser;
        this.pages = pages;
    }

    /** POST /admin/photos/{id}: title and caption. */
    public void update(Context ctx) {
        Photo photo = photo(ctx);
        String title = text(ctx.formParam("title"), 200);
        String caption = text(ctx.formParam("caption"), 5000);
        photos.updateText(photo.id(), title, caption);
        pages.redirectWith(ctx, photoPage(photo), "Photo saved.");
    }

    /** POST /admin/photos/{id}/rotate with direction=left|right. */
    public void rotate(Context ctx) {
        Photo photo = photo(ctx);
        int turns = "left".equals(ctx.formParam("direction")) ? -1 : 1;
        photos.rotate(photo.id(), turns);
        jobs.enqueue(JobKind.DERIVATIVES, photo.id());
        wakeWorkers.run();
        pages.redirectWith(ctx, photoPage(photo), "Rotated. The new sizes are being made.");
    }

    /** POST /admin/photos/{id}/cover: the album's cover on the home page. */
    public void makeCover(Context ctx) {
        Photo photo = photo(ctx);
        albums.setCover(photo.albumId(), photo.id());
        pages.redirectWith(ctx, photoPage(photo), "This photo is now the album's cover.");
    }

    /** POST /admin/photos/{id}/delete: the photo, its sizes, and its original unless another album uses it. */
    public void delete(Context ctx) throws IOException {
        Photo photo = photo(ctx);
        var derivatives = photos.derivatives(photo.id());
        var album = albums.find(photo.albumId()).orElseThrow(NotFound::new);
        if (album.coverPhotoId() != null && album.coverPhotoId() == photo.id()) {
            albums.setCover(album.id(), null);
        }
        photos.delete(photo.id());
        // Rows first, then files: a crash in between leaves unused files, never a photo without its file.
        for (Derivative d : derivatives) {
            blobs.delete(d.blobKey());
        }
        if (!photos.originalInUse(photo.originalKey())) {
            blobs.delete(photo.originalKey());
        }
        pages.redirectWith(ctx, "/admin/albums/" + album.id(), "Photo \u201c" + photo.originalName() + "\u201d deleted.");
    }

    private Photo photo(Context ctx) {
        currentUser.require(ctx);
        return photos.find(PhotoController.parseId(ctx.pathParam("id"))).orElseThrow(NotFound::new);
    }

    private String photoPage(Photo photo) {
        return albums.find(photo.albumId()).map(a -> a.photoPath(photo.id())).orElse("/admin");
    }

    private static String text(String value, int max) {
        String stripped = value == null ? "" : value.strip();
        return stripped.length() > max ? stripped.substring(0, max) : stripped;
    }
}
