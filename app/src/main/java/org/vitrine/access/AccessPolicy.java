package org.vitrine.access;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * AccessPolicy is the one place that decides who may see what: pages, images, the API and feeds all ask it.
 * Each visibility and each kind of resource names the audience that may see it; a viewer belongs to the
 * owner's, the link holders' or everyone's audience. Both switches are exhaustive, so a new visibility or
 * resource does not compile until its row is written here.
 */
public final class AccessPolicy {

    /** Audience is who may see something, from the widest to the narrowest. */
    enum Audience {
        EVERYONE, LINK_HOLDERS, OWNER
    }

    /** Whether this viewer may see this resource of an album with this access. */
    public boolean maySee(Viewer viewer, AlbumAccess album, Resource resource) {
        return audienceOf(viewer, album).compareTo(required(album.visibility(), resource)) >= 0;
    }

    /**
     * Whether this viewer may use a resource of the whole site rather than of one album (place search): only if
     * every album's row allows it, and a share key opens nothing here.
     */
    public boolean maySeeSiteWide(Viewer viewer, Resource resource) {
        Audience audience = viewer.isOwner() ? Audience.OWNER : Audience.EVERYONE;
        return Arrays.stream(Visibility.values()).allMatch(v -> audience.compareTo(required(v, resource)) >= 0);
    }

    /** The visibilities of the albums this viewer finds listed (home page, /api/albums). */
    public Set<Visibility> listedFor(Viewer viewer) {
        Audience audience = viewer.isOwner() ? Audience.OWNER : Audience.EVERYONE;
        var listed = EnumSet.noneOf(Visibility.class);
        Arrays.stream(Visibility.values())
                .filter(v -> audience.compareTo(required(v, Resource.LISTING)) >= 0)
                .forEach(listed::add);
        return listed;
    }

    /** Whether this viewer manages the album: sees its share link, edit links and why a photo failed. */
    public boolean mayManage(Viewer viewer) {
        return viewer.isOwner();
    }

    /**
     * Whether shared caches (proxies, CDNs) may keep this album's files. Only public albums: an unlisted album's
     * image URLs are its capability and must not sit where others could look them up.
     */
    public boolean sharedCachesMayKeep(AlbumAccess album) {
        return album.visibility() == Visibility.PUBLIC;
    }

    /**
     * Whether search engines may index the album's pages and images: only where anyone may find it listed. An
     * unlisted album's pages say noindex, in case its link is posted somewhere a crawler reads.
     */
    public boolean searchEnginesMayIndex(AlbumAccess album) {
        return required(album.visibility(), Resource.LISTING) == Audience.EVERYONE;
    }

    private static Audience audienceOf(Viewer viewer, AlbumAccess album) {
        if (viewer.isOwner()) {
            return Audience.OWNER;
        }
        return album.opensWith(viewer.key()) ? Audience.LINK_HOLDERS : Audience.EVERYONE;
    }

    /** The table: for each visibility and resource, the narrowest audience that may see it. */
    static Audience required(Visibility visibility, Resource resource) {
        return switch (visibility) {
            case PUBLIC -> switch (resource) {
                case ALBUM_PAGE, PHOTO_PAGE, DERIVATIVE, ORIGINAL, API_ALBUM, LISTING, FEED -> Audience.EVERYONE;
                case PLACE_SEARCH -> Audience.OWNER;
            };
            case UNLISTED -> switch (resource) {
                case ALBUM_PAGE, PHOTO_PAGE, API_ALBUM -> Audience.LINK_HOLDERS;
                // An image URL carries the file's content hash: having the URL is as good as having the link.
                case DERIVATIVE, ORIGINAL -> Audience.EVERYONE;
                // Never listed, even for link holders: a list is where strangers browse.
                case LISTING -> Audience.OWNER;
                // A feed URL is read by feed readers and aggregators that publish what they fetch, and a
                // key in it would travel with it: an unlisted album has no feed, not even for link holders.
                case FEED -> Audience.OWNER;
                case PLACE_SEARCH -> Audience.OWNER;
            };
            case PRIVATE -> switch (resource) {
                case ALBUM_PAGE, PHOTO_PAGE, DERIVATIVE, ORIGINAL, API_ALBUM, LISTING, FEED, PLACE_SEARCH ->
                        Audience.OWNER;
            };
        };
    }
}
