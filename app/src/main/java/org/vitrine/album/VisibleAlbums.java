package org.vitrine.album;

import io.javalin.http.Context;
import org.vitrine.access.AccessPolicy;
import org.vitrine.access.LinkAccess;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewer;
import org.vitrine.share.ShareLinkDao;
import org.vitrine.web.NotFound;

/**
 * VisibleAlbums finds an album by the slug of a request for a viewer, asking the access policy whether they may
 * see it. It is where pages and the API meet a share link: a link's visit is counted, its key is kept in a cookie
 * for the album's images, a revoked or expired link is told so, and a locked album asks for its password.
 */
public final class VisibleAlbums {
    private final AlbumDao albums;
    private final ShareLinkDao links;
    private final AccessPolicy policy;
    private final LinkCookies cookies;

    public VisibleAlbums(AlbumDao albums, ShareLinkDao links, AccessPolicy policy, LinkCookies cookies) {
        this.albums = albums;
        this.links = links;
        this.policy = policy;
        this.cookies = cookies;
    }

    /**
     * The album of the request's {slug} if this viewer may see this resource of it. Otherwise 404, never a hint
     * that it exists; {@link LinkGone} for a link that was revoked or expired; {@link AlbumLocked} when a password
     * is missing; {@link AlbumMoved} for an address the album had before.
     */
    public Album bySlug(Context ctx, Viewer viewer, Resource resource) {
        String slug = ctx.pathParam("slug");
        Album album = albums.findBySlug(slug).orElseThrow(() -> moved(ctx, slug));
        album = album.withLinks(links.accessOf(album.id()));
        var decision = policy.decide(viewer, album.access(), resource);
        switch (decision.outcome()) {
            case NOT_FOUND -> throw new NotFound();
            case GONE -> throw new LinkGone();
            case LOCKED -> throw new AlbumLocked(album, decision.lockName());
            case ALLOWED -> {
            }
        }
        var link = decision.link();
        if (link == null) {
            return album.withShareKey(liveKey(album, viewer.nowMillis()));
        }
        if (resource == Resource.ALBUM_PAGE || resource == Resource.PHOTO_PAGE) {
            links.recordView(link.id());
            cookies.keep(ctx, album.id(), link);
        }
        return album.withShareKey(link.key());
    }

    /**
     * The key the album's paths carry for a viewer who came without a link (the owner): the album's own, while
     * that link is live, else the newest live link's, so that a link copied from the owner's view works.
     */
    private static String liveKey(Album album, long now) {
        var live = album.links().stream().filter(l -> l.liveAt(now)).toList();
        if (live.isEmpty() || live.stream().anyMatch(l -> l.key().equals(album.shareKey()))) {
            return album.shareKey();
        }
        return live.stream().max(java.util.Comparator.comparingLong(LinkAccess::id)).orElseThrow().key();
    }

    private RuntimeException moved(Context ctx, String slug) {
        return albums.movedFrom(slug)
                .<RuntimeException>map(now -> {
                    // The same page (album, photo, feed, API) at the new address, its query kept (a link's key).
                    String path = ctx.path();
                    String prefix = path.startsWith("/api/albums/") ? "/api/albums/" : "/a/";
                    String rest = path.substring(prefix.length() + slug.length());
                    String query = ctx.queryString();
                    return new AlbumMoved(prefix + now + rest + (query == null ? "" : "?" + query));
                })
                .orElseGet(NotFound::new);
    }
}
