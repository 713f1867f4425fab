package org.vitrine.album;

import org.vitrine.web.LinkPreview;
import org.vitrine.web.PageContext;

import java.util.List;

/** HomePage lists the public albums, newest first. */
public record HomePage(PageContext page, String siteTitle, List<AlbumCard> albums, LinkPreview preview) {
    public HomePage(PageContext page, String siteTitle, List<AlbumCard> albums) {
        this(page, siteTitle, albums, null);
    }
}
