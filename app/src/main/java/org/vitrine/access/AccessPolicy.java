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

    /**
     * Decision is the answer to a viewer asking for a resource: allowed, not found (never a hint that it exists),
     * gone (the viewer's link was revoked or expired: they are told so), or locked (a password is asked; the
     * lock's name says which, the album's or the link's).
     */
    public record Decision(Outcome outcome, String lockName, LinkAccess link) {
        static final Decision NOT_FOUND = new Decision(Outcome.NOT_FOUND, null, null);
        static final Decision GONE = new Decision(Outcome.GONE, null, null);

        public boolean allowed() {
            return outcome == Outcome.ALLOWED;
        }
    }

    public enum Outcome {
        ALLOWED, NOT_FOUND, GONE, LOCKED
    }

    /** Whether this viewer may see this resource of an album with this access. */
    public boolean maySee(Viewer viewer, AlbumAccess album, Resource resource) {
        return decide(viewer, album, resource).allowed();
    }

    /**
     * What this viewer gets for this resource. The owner sees everything. Others need the audience the table asks
     * for (a live link makes them a link holder); an original through a link needs the link's permission; then
     * every lock they meet must be open: the album's password for everyone, and the link's own for its holders.
     */
    public Decision decide(Viewer viewer, AlbumAccess album, Resource resource) {
        if (viewer.isOwner()) {
            return new Decision(Outcome.ALLOWED, null, null);
        }
        Audience required = required(album.visibility(), resource);
        LinkAccess link = album.linkFor(viewer.keyFor(album.albumId()));
        boolean live = link != null && link.liveAt(viewer.nowMillis());
        Audience audience = live ? Audience.LINK_HOLDERS : Audience.EVERYONE;
        if (audience.compareTo(required) < 0) {
            // Told "gone" only where the link was what would have let them in: it proves they had it.
            return link != null && required == Audience.LINK_HOLDERS ? Decision.GONE : Decision.NOT_FOUND;
        }
        if (live && required == Audience.LINK_HOLDERS && resource == Resource.ORIGINAL && !link.options().originals()) {
            return Decision.NOT_FOUND;
        }
        if (album.lockStamp() != null && !viewer.unlocked(album.lockName(), album.lockStamp())) {
            return new Decision(Outcome.LOCKED, album.lockName(), live ? link : null);
        }
        if (live && link.lockStamp() != null && !viewer.unlocked(link.lockName(), link.lockStamp())) {
            return new Decision(Outcome.LOCKED, link.lockName(), link);
        }
        return new Decision(Outcome.ALLOWED, null, live ? link : null);
    }

    /**
     * What this viewer is shown of the album's photos: a live link's options, else everything (the owner, and
     * visitors of a public album without a link, see camera details, file names and places).
     */
    public LinkOptions optionsFor(Viewer viewer, AlbumAccess album) {
        if (viewer.isOwner()) {
            return LinkOptions.EVERYTHING;
        }
        LinkAccess link = album.linkFor(viewer.keyFor(album.albumId()));
        return link != null && link.liveAt(viewer.nowMillis()) ? link.options() : LinkOptions.EVERYTHING;
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
     * Whether shared caches (proxies, CDNs) may keep this album's files. Only public albums without a password:
     * a cache would serve them to whoever asks, link or password or not.
     */
    public boolean sharedCachesMayKeep(AlbumAccess album) {
        return album.visibility() == Visibility.PUBLIC && album.lockStamp() == null;
    }

    /**
     * Whether search engines may index the album's pages and images: only where anyone may find it listed. An
     * unlisted album's pages say noindex, in case its link is posted somewhere a crawler reads.
     */
    public boolean searchEnginesMayIndex(AlbumAccess album) {
        return required(album.visibility(), Resource.LISTING) == Audience.EVERYONE;
    }

    /** The table: for each visibility and resource, the narrowest audience that may see it. */
    static Audience required(Visibility visibility, Resource resource) {
        return switch (visibility) {
            case PUBLIC -> switch (resource) {
                case ALBUM_PAGE, PHOTO_PAGE, DERIVATIVE, ORIGINAL, API_ALBUM, LISTING, FEED -> Audience.EVERYONE;
                case PLACE_SEARCH -> Audience.OWNER;
            };
            case UNLISTED -> switch (resource) {
                // Images too: a revoked or expired link must stop serving them at once, not only its pages.
                case ALBUM_PAGE, PHOTO_PAGE, API_ALBUM, DERIVATIVE, ORIGINAL -> Audience.LINK_HOLDERS;
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
