package org.vitrine.album;

import io.javalin.http.Context;
import org.vitrine.access.AccessPolicy;
import org.vitrine.access.LinkOptions;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewer;
import org.vitrine.access.Viewers;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.PhotoTile;
import org.vitrine.photo.Pictures;
import org.vitrine.place.PhotoPlaces;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;
import org.vitrine.web.PathIds;

import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** PhotoController serves a photo's permanent page, within its album, with its metadata and previous/next links. */
public final class PhotoController {
    private static final DateTimeFormatter TAKEN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH);

    private final VisibleAlbums albums;
    private final PhotoDao photos;
    private final AccessPolicy policy;
    private final Viewers viewers;
    private final Pages pages;
    private final URI baseUrl;
    private final LinkPreviews previews;
    private final PhotoPlaces places;

    public PhotoController(VisibleAlbums albums, PhotoDao photos, PhotoPlaces places, AccessPolicy policy,
                           Viewers viewers, Pages pages, URI baseUrl) {
        this.albums = albums;
        this.photos = photos;
        this.places = places;
        this.policy = policy;
        this.viewers = viewers;
        this.pages = pages;
        this.baseUrl = baseUrl;
        this.previews = new LinkPreviews(baseUrl);
    }

    /** GET /a/{slug}/{photoId}. */
    public void photo(Context ctx) {
        Viewer viewer = viewers.of(ctx);
        Album album = albums.bySlug(ctx, viewer, Resource.PHOTO_PAGE);
        long photoId = PathIds.of(ctx, "photoId");
        List<Photo> list = photos.listByAlbum(album.id());
        int index = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id() == photoId) {
                index = i;
            }
        }
        if (index < 0) {
            throw new NotFound();
        }
        Photo photo = list.get(index);
        boolean manager = policy.mayManage(viewer);
        var derivatives = photos.derivatives(photoId);
        PhotoTile tile = Pictures.tile(photo, derivatives, album.photoPath(photoId), manager);
        String previous = index > 0 ? album.photoPath(list.get(index - 1).id()) : null;
        String next = index < list.size() - 1 ? album.photoPath(list.get(index + 1).id()) : null;
        String title = photo.title().isBlank() ? album.title() : photo.title();
        var m = photo.metadata();
        LinkOptions shown = policy.optionsFor(viewer, album.access());
        pages.render(ctx, "album/photo.jte", new PhotoPage(pages.context(ctx, title),
                AlbumSummary.of(album, manager, baseUrl, policy),
                tile, photo.title(), photo.caption(), facts(photo, shown),
                shown.location() ? m.latitude() : null, shown.location() ? m.longitude() : null,
                policy.maySee(viewer, album.access(), Resource.ORIGINAL) ? Pictures.originalUrl(photo) : null,
                previous, next, manager ? "/admin/photos/" + photo.id() : null,
                previews.photo(album, album.photoPath(photoId), photo, derivatives),
                shown.location() ? places.of(photoId).map(PhotoPlaces.PhotoPlace::place).orElse(null) : null));
    }

    /** The facts shown of a photo: camera details and the file name only when shown, altitude with places. */
    static List<PhotoPage.Fact> facts(Photo photo, LinkOptions shown) {
        var m = photo.metadata();
        List<PhotoPage.Fact> facts = new ArrayList<>();
        boolean camera = shown.cameraDetails();
        if (m.takenAt() != null) {
            facts.add(new PhotoPage.Fact("Taken", TAKEN.format(m.takenAt())
                    + (m.takenOffset() == null ? "" : " (UTC" + m.takenOffset().getId().replace("Z", "+00:00") + ")")));
        }
        String cameraName = photo.cameraName();
        if (camera && cameraName != null) {
            facts.add(new PhotoPage.Fact("Camera", cameraName));
        }
        if (camera && m.lens() != null) {
            facts.add(new PhotoPage.Fact("Lens", m.lens()));
        }
        List<String> exposure = new ArrayList<>();
        if (m.focalLength() != null) {
            exposure.add(trim(m.focalLength()) + " mm");
        }
        if (m.fNumber() != null) {
            exposure.add("f/" + trim(m.fNumber()));
        }
        if (m.exposureTime() != null) {
            exposure.add(m.exposureTime() + " s");
        }
        if (m.iso() != null) {
            exposure.add("ISO " + m.iso());
        }
        if (camera && !exposure.isEmpty()) {
            facts.add(new PhotoPage.Fact("Exposure", String.join(" · ", exposure)));
        }
        facts.add(new PhotoPage.Fact("Size", photo.displayWidth() + " × " + photo.displayHeight() + " pixels"));
        if (shown.location() && m.altitude() != null && m.latitude() != null) {
            facts.add(new PhotoPage.Fact("Altitude", String.format(Locale.ROOT, "%.0f m", m.altitude())));
        }
        if (camera) {
            facts.add(new PhotoPage.Fact("File", photo.originalName()));
        }
        return facts;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(Math.round(value * 10) / 10.0);
    }
}
