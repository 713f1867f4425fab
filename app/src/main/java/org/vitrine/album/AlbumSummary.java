package org.vitrine.album;

import org.vitrine.access.AccessPolicy;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewer;

import java.net.URI;

/**
 * AlbumSummary is an album as shown at the top of its pages.
 *
 * @param url      the album page URL for the current viewer (with the secret key for unlisted albums)
 * @param shareUrl the absolute secret link of an unlisted album, shown to whoever manages it; otherwise null
 * @param feedUrl  the album's Atom feed, offered only when anyone may read it; otherwise null
 * @param indexable whether search engines may index its pages: only when it is listed for everyone
 */
public record AlbumSummary(long id, String slug, String title, String description, String visibility, String url,
                           String shareUrl, String feedUrl, boolean indexable) {

    /** The summary of an album; {@code manager}: whether the viewer manages it and so sees its secret link. */
    public static AlbumSummary of(Album album, boolean manager, URI baseUrl, AccessPolicy policy) {
        String shareUrl = manager && album.visibility() == org.vitrine.access.Visibility.UNLISTED
                ? baseUrl + album.path() : null;
        // Asked for an anonymous visitor whoever is looking: the owner's view must not advertise a private feed.
        boolean feed = policy.maySee(Viewer.ANONYMOUS, album.access(), Resource.FEED);
        return new AlbumSummary(album.id(), album.slug(), album.title(), album.description(),
                album.visibility().code(), album.path(), shareUrl, feed ? "/a/" + album.slug() + "/feed.atom" : null,
                policy.searchEnginesMayIndex(album.access()));
    }
}
