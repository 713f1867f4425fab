package org.vitrine.album;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.vitrine.access.Visibility;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.Pictures;
import org.vitrine.photo.PhotoRemoval;
import org.vitrine.share.ShareLinksPanels;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;

import java.util.List;

/** AlbumAdminController lets the owner create, edit and delete albums and see their photos' progress. */
public final class AlbumAdminController {
    private final AlbumDao albums;
    private final AlbumEditor editor;
    private final PhotoDao photos;
    private final PhotoRemoval removal;
    private final CurrentUser currentUser;
    private final Pages pages;
    private final ShareLinksPanels sharing;

    public AlbumAdminController(AlbumDao albums, AlbumEditor editor, PhotoDao photos, PhotoRemoval removal,
                                CurrentUser currentUser, Pages pages, ShareLinksPanels sharing) {
        this.sharing = sharing;
        this.albums = albums;
        this.editor = editor;
        this.photos = photos;
        this.removal = removal;
        this.currentUser = currentUser;
        this.pages = pages;
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

    public void delete(Context ctx) {
        currentUser.require(ctx);
        Album album = album(ctx);
        int deleted = removal.deleteAlbum(album.id());
        pages.redirectWith(ctx, "/admin", "Album \u201c" + album.title() + "\u201d deleted with its "
                + deleted + (deleted == 1 ? " photo." : " photos."));
    }

    private void renderForm(Context ctx, Album album, AlbumFormPage.AlbumForm form, List<String> errors) {
        if (album == null) {
            pages.render(ctx, "album/form.jte", new AlbumFormPage(pages.context(ctx, "New album"), form, errors,
                    "/admin/albums", null, null, null, List.of(), null));
            return;
        }
        String base = "/admin/albums/" + album.id();
        var tiles = Pictures.tiles(photos.listByAlbum(album.id()), photos.derivativesOfAlbum(album.id()),
                album::photoPath, true);
        pages.render(ctx, "album/form.jte", new AlbumFormPage(pages.context(ctx, "Edit " + album.title()), form,
                errors, base, base + "/delete", base + "/photos", album.path(), tiles,
                sharing.of(album)));
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
