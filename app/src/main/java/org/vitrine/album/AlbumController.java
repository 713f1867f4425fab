package org.vitrine.album;

import io.javalin.http.Context;
import org.vitrine.access.AccessPolicy;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewer;
import org.vitrine.access.Viewers;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.Pictures;
import org.vitrine.web.Pages;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** AlbumController serves the home page and album galleries to visitors and the owner. */
public final class AlbumController {
    private final AlbumDao albums;
    private final VisibleAlbums visibleAlbums;
    private final PhotoDao photos;
    private final AccessPolicy policy;
    private final Viewers viewers;
    private final Pages pages;
    private final URI baseUrl;
    private final LinkPreviews previews;

    public AlbumController(AlbumDao albums, VisibleAlbums visibleAlbums, PhotoDao photos, AccessPolicy policy,
                           Viewers viewers, Pages pages, URI baseUrl) {
        this.albums = albums;
        this.visibleAlbums = visibleAlbums;
        this.photos = photos;
        this.policy = policy;
        this.viewers = viewers;
        this.pages = pages;
        this.baseUrl = baseUrl;
        this.previews = new LinkPreviews(baseUrl);
    }

    /** GET /: the albums listed for everyone (the owner manages the others from /admin). */
    public void home(Context ctx) {
        var list = albums.list(policy.listedFor(Viewer.ANONYMOUS));
        var coverIds = list.stream().map(AlbumDao.AlbumWithCount::coverPhotoId).filter(Objects::nonNull).toList();
        Map<Long, Photo> covers = photos.findAll(coverIds).stream()
                .collect(Collectors.toMap(Photo::id, Function.identity()));
        var derivatives = photos.derivativesOf(coverIds);
        var cards = list.stream().map(a -> {
            // A password-protected album shows no cover: its images are for those who gave the password.
            Photo cover = a.coverPhotoId() == null || a.album().hasPassword() ? null : covers.get(a.coverPhotoId());
            return new AlbumCard(a.album().title(), a.album().description(), a.album().path(), a.photoCount(),
                    cover == null ? null : Pictures.of(cover, derivatives.get(cover.id()), 640));
        }).toList();
        var page = pages.context(ctx, null); // the home page is titled by the site's title alone
        Photo previewCover = list.stream().filter(a -> !a.album().hasPassword())
                .map(AlbumDao.AlbumWithCount::coverPhotoId).filter(Objects::nonNull)
                .map(covers::get).filter(Objects::nonNull).filter(p -> derivatives.get(p.id()) != null)
                .findFirst().orElse(null);
        var preview = previews.home(page.siteName(), cards, previewCover,
                previewCover == null ? null : derivatives.get(previewCover.id()));
        pages.render(ctx, "album/home.jte", new HomePage(page, page.siteName(), cards, preview));
    }

    /** GET /a/{slug}: an album's gallery. */
    public void album(Context ctx) {
        Viewer viewer = viewers.of(ctx);
        Album album = visibleAlbums.bySlug(ctx, viewer, Resource.ALBUM_PAGE);
        boolean manager = policy.mayManage(viewer);
        var list = photos.listByAlbum(album.id());
        var derivatives = photos.derivativesOfAlbum(album.id());
        var tiles = Pictures.tiles(list, derivatives, album::photoPath, manager);
        Photo cover = list.stream().filter(p -> album.coverPhotoId() != null && p.id() == album.coverPhotoId()
                        && derivatives.get(p.id()) != null)
                .findFirst().orElse(list.stream().filter(p -> derivatives.get(p.id()) != null).findFirst().orElse(null));
        var preview = previews.album(album, album.path(), list.size(), cover,
                cover == null ? null : derivatives.get(cover.id()));
        pages.render(ctx, "album/album.jte", new AlbumPage(pages.context(ctx, album.title()),
                AlbumSummary.of(album, manager, baseUrl, policy), tiles, manager ? "/admin/albums/" + album.id() : null,
                preview));
    }
}
