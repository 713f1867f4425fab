package org.vitrine.album;

import org.vitrine.photo.PhotoTile;
import org.vitrine.web.LinkPreview;
import org.vitrine.web.PageContext;

import java.util.List;

/** AlbumPage is an album's gallery: its photos in a justified grid, opening in the lightbox. */
public record AlbumPage(PageContext page, AlbumSummary album, List<PhotoTile> photos, String editUrl,
                        LinkPreview preview) {
    public AlbumPage(PageContext page, AlbumSummary album, List<PhotoTile> photos, String editUrl) {
        this(page, album, photos, editUrl, null);
    }

    /** The photos in justified rows. */
    public GalleryLayout layout() {
        return GalleryLayout.of(photos);
    }

    /** The owner sees an edit link; visitors see null. */
    public boolean editable() {
        return editUrl != null;
    }
}
