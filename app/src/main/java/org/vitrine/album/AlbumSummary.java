package org.vitrine.album;

/**
 * AlbumSummary is an album as shown at the top of its pages.
 *
 * @param url      the album page URL for the current viewer (with the secret key for unlisted albums)
 * @param shareUrl the absolute secret link of an unlisted album, shown to the owner only; otherwise null
 */
public record AlbumSummary(long id, String slug, String title, String description, String visibility, String url,
                           String shareUrl) {
}
