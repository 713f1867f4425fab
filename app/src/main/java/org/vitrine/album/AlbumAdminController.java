package org.vitrine.album;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.Pictures;
import org.vitrine.storage.BlobStore;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** AlbumAdminController lets the owner create, edit and delete albums and see their photos' progress. */
public final class AlbumAdminController {
    private final AlbumDao albums;
    private final AlbumEditor editor;
    private final PhotoDao photos;
    private final BlobStore blobs;
    private final CurrentUser currentUser;
    private final Pages pages;
    private final URI baseUrl;

    public AlbumAdminController(AlbumDao albums, AlbumEditor editor, PhotoDao photos, BlobStore blobs,
                                CurrentUser currentUser, Pages pages, URI baseUrl) {
        this.albums = albums;
        this.editor = editor;
        this.photos = photos;
        this.blobs = blobs;
        this.currentUser = currentUser;
        this.pages = pages;
        this.baseUrl = baseUrl;
    }

    public void newForm(Context ctx) {
        currentUser.require(ctx);
        renderForm(ctx, null, new AlbumFormPage.AlbumForm("", "", "", Visibility.PUBLIC.code()), List.of());
    }

    public void create(Context ctx) {
        currentUser.require(ctx);
        var form = form(ctx);
        var result = editor.create(form);
        if (result.album() == null) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderForm(ctx, null, form, result.errors());
            return;
        }
        pages.redirectWith(ctx, "/admin/albums/" + result.album().id(), "Album created. Now add some photos.");
    }

    public void edit(Context ctx) {
        currentUser.require(ctx);
        Album album = album(ctx);
        renderForm(ctx, album, new AlbumFormPage.AlbumForm(album.title(), album.slug(), album.description(),
                album.visibility().code()), List.of());
    }

    public void update(Context ctx) {
        currentUser.require(ctx);
        Album album = album(ctx);
        var form = form(ctx);
        var result = editor.update(album.id(), form);
        if (result.album() == null) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderForm(ctx, album, form, result.errors());
            return;
        }
        pages.redirectWith(ctx, "/admin/albums/" + album.id(), "Album saved.");
    }

    public void delete(Context ctx) throws IOException {
        currentUser.require(ctx);
        Album album = album(ctx);
        List<Photo> list = photos.listByAlbum(album.id());
        var derivatives = photos.derivativesOfAlbum(album.id());
        albums.delete(album.id());
        // Rows first, then files: a crash in between leaves unused files, never a photo without its file.
        for (Photo photo : list) {
            for (var d : derivatives.getOrDefault(photo.id(), List.of())) {
                blobs.delete(d.blobKey());
            }
            if (!photos.originalInUse(photo.originalKey())) {
                blobs.delete(photo.originalKey());
            }
        }
        pages.redirectWith(ctx, "/admin", "Album \u201c" + album.title() + "\u201d deleted with its "
                + list.size() + (list.size() == 1 ? " photo." : " photos."));
    }

    private void renderForm(Context ctx, Album album, AlbumFormPage.AlbumForm form, List<String> errors) {
        if (album == null) {
            pages.render(ctx, "album/form.jte", new AlbumFormPage(pages.context(ctx, "New album"), form, errors,
                    "/admin/albums", null, null, null, null, List.of()));
            return;
        }
        String base = "/admin/albums/" + album.id();
        var tiles = Pictures.tiles(album, photos.listByAlbum(album.id()), photos.derivativesOfAlbum(album.id()));
        String shareUrl = album.visibility() == Visibility.UNLISTED ? baseUrl + album.path() : null;
        pages.render(ctx, "album/form.jte", new AlbumFormPage(pages.context(ctx, "Edit " + album.title()), form,
                errors, base, base + "/delete", base + "/photos", album.path(), shareUrl, tiles));
    }

    private Album album(Context ctx) {
        try {
            return albums.find(Long.parseLong(ctx.pathParam("id"))).orElseThrow(NotFound::new);
        } catch (NumberFormatException e) {
            throw new NotFound();
        }
    }

    private static AlbumFormPage.AlbumForm form(Context ctx) {
        return new AlbumFormPage.AlbumForm(ctx.formParam("title"), ctx.formParam("slug"),
                ctx.formParam("description"), ctx.formParam("visibility"));
    }
}
