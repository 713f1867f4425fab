package org.vitrine.album;

import java.net.URI;

/**
 * AlbumSummary is an album as shown at the top of its pages.
 *
 * @param url      the album page URL for the current viewer (with the secret key for unlisted albums)
 * @param shareUrl the absolute secret link of an unlisted album, shown to whoever manages it; otherwise null
 */
public record AlbumSummary(long id, String slug, String title, String description, String visibility, String url,
                           String shareUrl) {

    /** The summary of an album; {@code manager}: whether the viewer manages it and so sees its secret link. */
    public static AlbumSummary of(Album album, boolean manager, URI baseUrl) {
        String shareUrl = manager && album.visibility() == org.vitrine.access.Visibility.UNLISTED
                ? baseUrl + album.path() : null;
        return new AlbumSummary(album.id(), album.slug(), album.title(), album.description(),
                album.visibility().code(), album.path(), shareUrl);
    }
}
