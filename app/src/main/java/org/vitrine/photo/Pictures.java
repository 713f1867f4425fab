package org.vitrine.photo;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/** Pictures turns photos and their derivatives into what templates and the API show. */
public final class Pictures {
    private Pictures() {
    }

    /** The picture of a ready photo, or null while it has no derivatives. */
    public static Picture of(Photo photo, List<Derivative> derivatives, int preferredWidth) {
        if (derivatives == null || derivatives.isEmpty() || photo.status() != PhotoStatus.READY) {
            return null;
        }
        Derivative largest = derivatives.getLast();
        Derivative preferred = derivatives.stream().filter(d -> d.width() >= preferredWidth).findFirst().orElse(largest);
        String srcset = derivatives.stream().map(d -> d.url() + " " + d.width() + "w").collect(Collectors.joining(", "));
        return new Picture(preferred.url(), srcset, photo.displayWidth(), photo.displayHeight(), largest.url(),
                largest.width(), largest.height());
    }

    /**
     * A photo as a tile linking to {@code url}; {@code showReason}: whether the viewer may read why it failed
     * (the reason can name internals, so visitors only learn that it failed).
     */
    public static PhotoTile tile(Photo photo, List<Derivative> derivatives, String url, boolean showReason) {
        String reason = showReason && photo.status() == PhotoStatus.FAILED ? photo.statusDetail() : null;
        return new PhotoTile(photo.id(), url, alt(photo), photo.displayWidth(), photo.displayHeight(), photo.status(),
                reason, of(photo, derivatives, 640), !photo.title().isBlank() || !photo.caption().isBlank());
    }

    /** The tiles of photos, each linking to {@code urlOf(photo id)}. */
    public static List<PhotoTile> tiles(List<Photo> photos, Map<Long, List<Derivative>> derivatives,
                                        LongFunction<String> urlOf, boolean showReasons) {
        return photos.stream().map(p -> tile(p, derivatives.get(p.id()), urlOf.apply(p.id()), showReasons)).toList();
    }

    /**
     * Alternative text: the title, else the caption, else "Photo" (a file name such as "nikon-d70.jpg" describes
     * nothing, and the owner may not want it seen).
     */
    public static String alt(Photo photo) {
        if (!photo.title().isBlank()) {
            return photo.title();
        }
        return photo.caption().isBlank() ? UNTITLED : photo.caption();
    }

    /** The alt text of a photo with neither title nor caption. */
    public static final String UNTITLED = "Photo";

    /** The derivative to show in a link preview: the smallest at least as wide as previews are drawn. */
    public static Derivative previewImage(List<Derivative> derivatives) {
        if (derivatives == null || derivatives.isEmpty()) {
            return null;
        }
        return derivatives.stream().filter(d -> d.width() >= 1200).findFirst().orElse(derivatives.getLast());
    }

    public static String originalUrl(Photo photo) {
        return "/media/o/" + photo.id() + "/" + photo.sha256().substring(0, 16) + "." + photo.format().extension();
    }
}
