package org.vitrine.api;

import io.javalin.http.Context;
import org.vitrine.access.AccessPolicy;
import org.vitrine.access.LinkOptions;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewer;
import org.vitrine.access.Viewers;
import org.vitrine.album.Album;
import org.vitrine.album.AlbumDao;
import org.vitrine.album.VisibleAlbums;
import org.vitrine.photo.Derivative;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.place.PhotoPlaces;

import java.net.URI;
import java.util.List;

/**
 * ApiController is the small read-only JSON API (documented in docs/api.md). The access policy decides what it
 * shows, as for the pages.
 */
public final class ApiController {
    private final AlbumDao albums;
    private final VisibleAlbums visibleAlbums;
    private final PhotoDao photos;
    private final PhotoPlaces places;
    private final AccessPolicy policy;
    private final Viewers viewers;
    private final URI baseUrl;

    public ApiController(AlbumDao albums, VisibleAlbums visibleAlbums, PhotoDao photos, PhotoPlaces places,
                         AccessPolicy policy, Viewers viewers, URI baseUrl) {
        this.albums = albums;
        this.visibleAlbums = visibleAlbums;
        this.photos = photos;
        this.places = places;
        this.policy = policy;
        this.viewers = viewers;
        this.baseUrl = baseUrl;
    }

    /** GET /api/albums: the albums listed for this viewer (the public ones; the owner sees all). */
    public void albums(Context ctx) {
        var list = albums.list(policy.listedFor(viewers.of(ctx))).stream()
                .map(a -> new AlbumJson(a.album().slug(), a.album().title(), a.album().description(),
                        a.album().visibility().code(), baseUrl + a.album().path(), a.photoCount(), null))
                .toList();
        ctx.header("Cache-Control", "no-store");
        ctx.json(new AlbumList(list));
    }

    /** GET /api/albums/{slug}: one album with its photos. */
    public void album(Context ctx) {
        Viewer viewer = viewers.of(ctx);
        Album album = visibleAlbums.bySlug(ctx, viewer, Resource.API_ALBUM);
        boolean manager = policy.mayManage(viewer);
        List<Photo> list = photos.listByAlbum(album.id());
        var derivatives = photos.derivativesOfAlbum(album.id());
        LinkOptions shown = policy.optionsFor(viewer, album.access());
        var placeOf = places.ofAlbum(album.id());
        var locationSourceOf = places.locationSourcesOfAlbum(album.id());
        var photoJson = list.stream()
                .map(p -> photo(album, p, derivatives.getOrDefault(p.id(), List.of()), manager, shown,
                        location(p, locationSourceOf.get(p.id())), place(placeOf.get(p.id()))))
                .toList();
        ctx.header("Cache-Control", "no-store");
        ctx.json(new AlbumJson(album.slug(), album.title(), album.description(), album.visibility().code(),
                baseUrl + album.path(), list.size(), photoJson));
    }

    /**
     * A photo as JSON; {@code manager}: whether the viewer may read why it failed (visitors learn only that);
     * {@code shown}: whether camera details and location (coordinates and place) are shown to this viewer (a
     * link may hide them).
     */
    private PhotoJson photo(Album album, Photo p, List<Derivative> derivatives, boolean manager, LinkOptions shown,
                            LocationJson location, PlaceJson place) {
        var m = p.metadata();
        boolean camera = shown.cameraDetails();
        var sizes = p.status() == PhotoStatus.READY
                ? derivatives.stream().map(d -> new DerivativeJson(d.width(), d.height(), baseUrl + d.url())).toList()
                : List.<DerivativeJson>of();
        return new PhotoJson(p.id(), baseUrl + album.photoPath(p.id()), p.title(), p.caption(), p.displayWidth(),
                p.displayHeight(), p.takenAtIso(), camera ? p.cameraName() : null, camera ? m.cameraMake() : null,
                camera ? m.cameraModel() : null, camera ? m.lens() : null, shown.location() ? location : null,
                shown.location() ? place : null, p.status().code(), failure(p, manager), sizes);
    }

    /** The photo's coordinates; precision is "exact" until albums can ask for less (issue 10, privacy). */
    private static LocationJson location(Photo p, PhotoPlaces.Source source) {
        var m = p.metadata();
        if (m.latitude() == null || m.longitude() == null) {
            return null;
        }
        return new LocationJson(m.latitude(), m.longitude(), m.altitude(),
                (source == null ? PhotoPlaces.Source.EXIF : source).code(), "exact");
    }

    private static PlaceJson place(PhotoPlaces.PhotoPlace p) {
        return p == null ? null : new PlaceJson(p.place().name(), p.place().near(), p.place().region(),
                p.place().country(), p.place().countryCode(), p.source().code());
    }

    private static String failure(Photo p, boolean manager) {
        if (p.status() != PhotoStatus.FAILED) {
            return null;
        }
        return manager && p.statusDetail() != null ? p.statusDetail() : Photo.NOT_PROCESSED;
    }

    record AlbumList(List<AlbumJson> albums) {
    }

    record AlbumJson(String slug, String title, String description, String visibility, String url, int photoCount,
                     List<PhotoJson> photos) {
    }

    record PhotoJson(long id, String url, String title, String caption, int width, int height, String takenAt,
                     String camera, String cameraMake, String cameraModel, String lens, LocationJson location,
                     PlaceJson place, String status, String error, List<DerivativeJson> derivatives) {
    }

    record LocationJson(double lat, double lon, Double altitude, String source, String precision) {
    }

    record PlaceJson(String name, boolean near, String region, String country, String countryCode, String source) {
    }

    record DerivativeJson(int width, int height, String url) {
    }
}
