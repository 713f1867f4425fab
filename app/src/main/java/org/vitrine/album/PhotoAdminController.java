package org.vitrine.album;

import io.javalin.http.Context;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.PhotoRemoval;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;
import org.vitrine.web.PathIds;


/**
 * PhotoAdminController lets the owner caption, rotate, feature and delete a photo. Rotating never touches the
 * original: the photo's sizes are made again with the new rotation.
 */
public final class PhotoAdminController {
    private final PhotoDao photos;
    private final AlbumDao albums;
    private final PhotoRemoval removal;
    private final JobQueue jobs;
    private final Runnable wakeWorkers;
    private final CurrentUser currentUser;
    private final Pages pages;

    public PhotoAdminController(PhotoDao photos, AlbumDao albums, PhotoRemoval removal, JobQueue jobs,
                                Runnable wakeWorkers, CurrentUser currentUser, Pages pages) {
        this.photos = photos;
        this.albums = albums;
        this.removal = removal;
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
    public void delete(Context ctx) {
        Photo photo = photo(ctx);
        var album = albums.find(photo.albumId()).orElseThrow(NotFound::new);
        removal.deletePhoto(photo.id());
        pages.redirectWith(ctx, "/admin/albums/" + album.id(), "Photo \u201c" + photo.originalName() + "\u201d deleted.");
    }

    private Photo photo(Context ctx) {
        currentUser.require(ctx);
        return photos.find(PathIds.of(ctx, "id")).orElseThrow(NotFound::new);
    }

    private String photoPage(Photo photo) {
        return albums.find(photo.albumId()).map(a -> a.photoPath(photo.id())).orElse("/admin");
    }

    private static String text(String value, int max) {
        String stripped = value == null ? "" : value.strip();
        return stripped.length() > max ? stripped.substring(0, max) : stripped;
    }
}
