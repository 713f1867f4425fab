package org.vitrine.api;

import io.javalin.http.Context;
import org.vitrine.album.Album;
import org.vitrine.album.AlbumController;
import org.vitrine.album.AlbumDao;
import org.vitrine.photo.Derivative;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoController;
import org.vitrine.photo.PhotoDao;
import org.vitrine.user.CurrentUser;

import java.net.URI;
import java.util.List;

/**
 * ApiController is the small read-only JSON API (documented in docs/api.md). It follows the same visibility
 * rules as the pages.
 */
public final class ApiController {
    private final AlbumDao albums;
    private final PhotoDao photos;
    private final AlbumController albumPages;
    private final CurrentUser currentUser;
    private final URI baseUrl;

    public ApiController(AlbumDao albums, PhotoDao photos, AlbumController albumPages, CurrentUser currentUser,
                         URI baseUrl) {
        this.albums = albums;
        this.photos = photos;
        this.albumPages = albumPages;
        this.currentUser = currentUser;
        this.baseUrl = baseUrl;
    }

    /** GET /api/albums: the public albums (the owner sees all). */
    public void albums(Context ctx) {
        boolean owner = currentUser.isOwner(ctx);
        var list = albums.list(owner).stream()
                .map(a -> new AlbumJson(a.album().slug(), a.album().title(), a.album().description(),
                        a.album().visibility().code(), baseUrl + a.album().path(), a.photoCount(), null))
                .toList();
        ctx.header("Cache-Control", "no-store");
        ctx.json(new AlbumList(list));
    }

    /** GET /api/albums/{slug}: one album with its photos. */
    public void album(Context ctx) {
        Album album = albumPages.visibleAlbum(ctx);
        List<Photo> list = photos.listByAlbum(album.id());
        var derivatives = photos.derivativesOfAlbum(album.id());
        var photoJson = list.stream().map(p -> photo(album, p, derivatives.getOrDefault(p.id(), List.of()))).toList();
        ctx.header("Cache-Control", "no-store");
        ctx.json(new AlbumJson(album.slug(), album.title(), album.description(), album.visibility().code(),
                baseUrl + album.path(), list.size(), photoJson));
    }

    private PhotoJson photo(Album album, Photo p, List<Derivative> derivatives) {
        var m = p.metadata();
        LocationJson location = m.latitude() == null || m.longitude() == null ? null
                : new LocationJson(m.latitude(), m.longitude(), m.altitude());
        var sizes = Photo.READY.equals(p.status())
                ? derivatives.stream().map(d -> new DerivativeJson(d.width(), d.height(), baseUrl + d.url())).toList()
                : List.<DerivativeJson>of();
        return new PhotoJson(p.id(), baseUrl + album.photoPath(p.id()), p.title(), p.caption(), p.displayWidth(),
                p.displayHeight(), p.takenAtIso(), PhotoController.cameraName(m.cameraMake(), m.cameraModel()),
                m.cameraMake(), m.cameraModel(), m.lens(), location, p.status(),
                Photo.FAILED.equals(p.status()) ? p.statusDetail() : null, sizes);
    }

    record AlbumList(List<AlbumJson> albums) {
    }

    record AlbumJson(String slug, String title, String description, String visibility, String url, int photoCount,
                     List<PhotoJson> photos) {
    }

    record PhotoJson(long id, String url, String title, String caption, int width, int height, String takenAt,
                     String camera, String cameraMake, String cameraModel, String lens, LocationJson location,
                     String status, String error, List<DerivativeJson> derivatives) {
    }

    record LocationJson(double lat, double lon, Double altitude) {
    }

    record DerivativeJson(int width, int height, String url) {
    }
}
