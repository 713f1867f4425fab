package org.vitrine.album;

import org.vitrine.photo.PhotoTile;
import org.vitrine.web.PageContext;

import java.util.List;

/** AlbumPage is an album's gallery: its photos in a justified grid, opening in the lightbox. */
public record AlbumPage(PageContext page, AlbumSummary album, List<PhotoTile> photos, String editUrl) {
    /** The owner sees an edit link; visitors see null. */
    public boolean editable() {
        return editUrl != null;
    }
}
