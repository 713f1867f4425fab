package org.vitrine.photo;

import org.vitrine.album.AlbumSummary;
import org.vitrine.web.PageContext;

import java.util.List;

/**
 * PhotoPage is a photo's permanent page: the large image, its metadata, and previous/next links (null at the
 * ends).
 */
public record PhotoPage(PageContext page, AlbumSummary album, PhotoTile photo, String title, String caption,
                        List<Fact> facts, Double latitude, Double longitude, String originalUrl,
                        String previousUrl, String nextUrl) {

    /** Fact is one line of metadata, e.g. ("Camera", "Canon EOS 600D"). */
    public record Fact(String label, String value) {
    }
}
