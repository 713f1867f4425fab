package org.vitrine.album;

import org.vitrine.web.PageContext;

import java.util.List;

/** HomePage lists the public albums, newest first. */
public record HomePage(PageContext page, String siteTitle, List<AlbumCard> albums) {
}
