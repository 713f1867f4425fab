package org.vitrine.photo;

import org.vitrine.album.Album;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Pictures turns photos and their derivatives into what templates and the API show. */
public final class Pictures {
    private Pictures() {
    }

    /** The picture of a ready photo, or null while it has no derivatives. */
    public static Picture of(Photo photo, List<Derivative> derivatives, int preferredWidth) {
        if (derivatives == null || derivatives.isEmpty() || !Photo.READY.equals(photo.status())) {
            return null;
        }
        Derivative largest = derivatives.getLast();
        Derivative preferred = derivatives.stream().filter(d -> d.width() >= preferredWidth).findFirst().orElse(largest);
        String srcset = derivatives.stream().map(d -> d.url() + " " + d.width() + "w").collect(Collectors.joining(", "));
        return new Picture(preferred.url(), srcset, photo.displayWidth(), photo.displayHeight(), largest.url(),
                largest.width(), largest.height());
    }

    public static PhotoTile tile(Album album, Photo photo, List<Derivative> derivatives) {
        return new PhotoTile(photo.id(), album.photoPath(photo.id()), alt(photo), photo.displayWidth(),
                photo.displayHeight(), photo.status(), photo.statusDetail(), of(photo, derivatives, 640));
    }

    public static List<PhotoTile> tiles(Album album, List<Photo> photos, Map<Long, List<Derivative>> derivatives) {
        return photos.stream().map(p -> tile(album, p, derivatives.get(p.id()))).toList();
    }

    /** Alternative text: the title, else the caption, else the file name. */
    public static String alt(Photo photo) {
        if (!photo.title().isBlank()) {
            return photo.title();
        }
        return photo.caption().isBlank() ? photo.originalName() : photo.caption();
    }

    public static String originalUrl(Photo photo) {
        return "/media/o/" + photo.id() + "/" + photo.sha256().substring(0, 16) + "." + photo.format().extension();
    }
}
