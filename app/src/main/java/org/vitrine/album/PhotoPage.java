package org.vitrine.album;

import org.vitrine.photo.PhotoTile;
import org.vitrine.place.Place;
import org.vitrine.web.LinkPreview;
import org.vitrine.web.PageContext;

import java.util.List;

/**
 * PhotoPage is a photo's permanent page: the large image, its metadata, and previous/next links (null at the
 * ends). {@code adminUrl} is where the owner's edit forms post ({@code /admin/photos/ID}); null for visitors.
 * {@code place}: where it was taken, in words, or null.
 */
public record PhotoPage(PageContext page, AlbumSummary album, PhotoTile photo, String title, String caption,
                        List<Fact> facts, Double latitude, Double longitude, String originalUrl,
                        String previousUrl, String nextUrl, String adminUrl, LinkPreview preview, Place place) {

    public PhotoPage(PageContext page, AlbumSummary album, PhotoTile photo, String title, String caption,
                     List<Fact> facts, Double latitude, Double longitude, String originalUrl,
                     String previousUrl, String nextUrl, String adminUrl) {
        this(page, album, photo, title, caption, facts, latitude, longitude, originalUrl, previousUrl, nextUrl,
                adminUrl, null, null);
    }

    /** Fact is one line of metadata, e.g. ("Camera", "Canon EOS 600D"). */
    public record Fact(String label, String value) {
    }
}
