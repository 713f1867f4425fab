package org.vitrine.photo;

import io.javalin.http.Context;
import org.vitrine.album.Album;
import org.vitrine.album.AlbumController;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** PhotoController serves a photo's permanent page with its metadata and previous/next links. */
public final class PhotoController {
    private static final DateTimeFormatter TAKEN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH);

    private final AlbumController albums;
    private final PhotoDao photos;
    private final CurrentUser currentUser;
    private final Pages pages;

    public PhotoController(AlbumController albums, PhotoDao photos, CurrentUser currentUser, Pages pages) {
        this.albums = albums;
        this.photos = photos;
        this.currentUser = currentUser;
        this.pages = pages;
    }

    public void photo(Context ctx) {
        Album album = albums.visibleAlbum(ctx);
        long photoId = parseId(ctx.pathParam("photoId"));
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
        PhotoTile tile = Pictures.tile(album, photo, photos.derivatives(photoId));
        String previous = index > 0 ? album.photoPath(list.get(index - 1).id()) : null;
        String next = index < list.size() - 1 ? album.photoPath(list.get(index + 1).id()) : null;
        String title = photo.title().isBlank() ? album.title() : photo.title();
        var m = photo.metadata();
        boolean owner = currentUser.isOwner(ctx);
        pages.render(ctx, "photo/photo.jte", new PhotoPage(pages.context(ctx, title), albums.summary(album, owner),
                tile, photo.title(), photo.caption(), facts(photo), m.latitude(), m.longitude(),
                Pictures.originalUrl(photo), previous, next, owner ? "/admin/photos/" + photo.id() : null));
    }

    static List<PhotoPage.Fact> facts(Photo photo) {
        var m = photo.metadata();
        List<PhotoPage.Fact> facts = new ArrayList<>();
        if (m.takenAt() != null) {
            facts.add(new PhotoPage.Fact("Taken", TAKEN.format(m.takenAt())
                    + (m.takenOffset() == null ? "" : " (UTC" + m.takenOffset().getId().replace("Z", "+00:00") + ")")));
        }
        String camera = cameraName(m.cameraMake(), m.cameraModel());
        if (camera != null) {
            facts.add(new PhotoPage.Fact("Camera", camera));
        }
        if (m.lens() != null) {
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
        if (!exposure.isEmpty()) {
            facts.add(new PhotoPage.Fact("Exposure", String.join(" · ", exposure)));
        }
        facts.add(new PhotoPage.Fact("Size", photo.displayWidth() + " × " + photo.displayHeight() + " pixels"));
        if (m.altitude() != null && m.latitude() != null) {
            facts.add(new PhotoPage.Fact("Altitude", String.format(Locale.ROOT, "%.0f m", m.altitude())));
        }
        facts.add(new PhotoPage.Fact("File", photo.originalName()));
        return facts;
    }

    /** "Canon EOS 600D" rather than "Canon Canon EOS 600D": many models already start with the make. */
    public static String cameraName(String make, String model) {
        if (model == null) {
            return make;
        }
        if (make == null) {
            return model;
        }
        String firstWord = make.split("\\s+")[0];
        return model.toLowerCase(Locale.ROOT).startsWith(firstWord.toLowerCase(Locale.ROOT)) ? model : make + " " + model;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(Math.round(value * 10) / 10.0);
    }

    static long parseId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new NotFound();
        }
    }
}
