package org.vitrine.album;

import org.vitrine.access.AccessPolicy;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewer;
import org.vitrine.web.NotFound;

/** VisibleAlbums finds an album by its slug for a viewer, asking the access policy whether they may see it. */
public final class VisibleAlbums {
    private final AlbumDao albums;
    private final AccessPolicy policy;

    public VisibleAlbums(AlbumDao albums, AccessPolicy policy) {
        this.albums = albums;
        this.policy = policy;
    }

    /** The album if this viewer may see this resource of it; otherwise 404, never a hint that it exists. */
    public Album bySlug(String slug, Viewer viewer, Resource resource) {
        Album album = albums.findBySlug(slug).orElseThrow(NotFound::new);
        if (!policy.maySee(viewer, album.access(), resource)) {
            throw new NotFound();
        }
        return album;
    }
}
