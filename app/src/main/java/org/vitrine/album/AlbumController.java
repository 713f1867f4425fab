package org.vitrine.album;

import io.javalin.http.Context;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.Pictures;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vitrine.photo.Photo;

/** AlbumController serves the home page and album galleries to visitors and the owner. */
public final class AlbumController {
    private final AlbumDao albums;
    private final PhotoDao photos;
    private final CurrentUser currentUser;
    private final Pages pages;
    private final URI baseUrl;
    private final String siteTitle;

    public AlbumController(AlbumDao albums, PhotoDao photos, CurrentUser currentUser, Pages pages, URI baseUrl,
                           String siteTitle) {
        this.albums = albums;
        this.photos = photos;
        this.currentUser = currentUser;
        this.pages = pages;
        this.baseUrl = baseUrl;
        this.siteTitle = siteTitle;
    }

    public void home(Context ctx) {
        var list = albums.list(false);
        var coverIds = list.stream().map(AlbumDao.AlbumWithCount::coverPhotoId).filter(Objects::nonNull).toList();
        Map<Long, Photo> covers = photos.findAll(coverIds).stream()
                .collect(Collectors.toMap(Photo::id, Function.identity()));
        var derivatives = photos.derivativesOf(coverIds);
        var cards = list.stream().map(a -> {
            Photo cover = a.coverPhotoId() == null ? null : covers.get(a.coverPhotoId());
            return new AlbumCard(a.album().title(), a.album().description(), a.album().path(), a.photoCount(),
                    cover == null ? null : Pictures.of(cover, derivatives.get(cover.id()), 640));
        }).toList();
        pages.render(ctx, "album/home.jte", new HomePage(pages.context(ctx, siteTitle), siteTitle, cards));
    }

    public void album(Context ctx) {
        Album album = visibleAlbum(ctx);
        var list = photos.listByAlbum(album.id());
        var tiles = Pictures.tiles(album, list, photos.derivativesOfAlbum(album.id()));
        boolean owner = currentUser.isOwner(ctx);
        pages.render(ctx, "album/album.jte", new AlbumPage(pages.context(ctx, album.title()), summary(album, owner),
                tiles, owner ? "/admin/albums/" + album.id() : null));
    }

    /** The album named in the path if this viewer may see it; otherwise 404, never a hint that it exists. */
    public Album visibleAlbum(Context ctx) {
        Album album = albums.findBySlug(ctx.pathParam("slug")).orElseThrow(NotFound::new);
        if (!album.visibleTo(currentUser.isOwner(ctx), ctx.queryParam("key"))) {
            throw new NotFound();
        }
        return album;
    }

    public AlbumSummary summary(Album album, boolean owner) {
        String shareUrl = owner && album.visibility() == Visibility.UNLISTED ? baseUrl + album.path() : null;
        return new AlbumSummary(album.id(), album.slug(), album.title(), album.description(),
                album.visibility().code(), album.path(), shareUrl);
    }
}
