package org.vitrine.access;

/**
 * Resource is a kind of thing a viewer may ask to see of an album. Each kind is a row of {@link AccessPolicy}
 * and of the access table test (AccessRulesTest); a new kind of page, file or record is added to both.
 */
public enum Resource {
    /** The album's gallery page, /a/{slug}. */
    ALBUM_PAGE,
    /** A photo's own page, /a/{slug}/{photoId}. */
    PHOTO_PAGE,
    /** A resized image, /media/d/{photoId}/{file}. */
    DERIVATIVE,
    /** The original file as uploaded, /media/o/{photoId}/{file}. */
    ORIGINAL,
    /** The album and its photos as JSON, /api/albums/{slug}. */
    API_ALBUM,
    /** Being listed where anyone browses: the home page, /api/albums, the site's feed and sitemap.xml. */
    LISTING,
    /** The album's Atom feed, /a/{slug}/feed.atom. */
    FEED,
    /**
     * Searching the site's place names, /api/places: a tool of the owner's editors, the same whatever the album
     * (see {@link AccessPolicy#maySeeSiteWide}).
     */
    PLACE_SEARCH
}
