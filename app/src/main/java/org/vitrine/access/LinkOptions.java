package org.vitrine.access;

/**
 * LinkOptions are what a share link lets its holders do beyond seeing the photos.
 *
 * @param originals      download the original files
 * @param location       see where photos were taken, to the metre (places use it later)
 * @param cameraDetails  see camera, lens, exposure and the original file names (off hides them everywhere the
 *                       link reaches: pages, the API and download names)
 * @param nestedAlbums   see the albums inside this one (stored; nesting comes later)
 * @param comments       comment and mark favourites (stored; comments come later)
 */
public record LinkOptions(boolean originals, boolean location, boolean cameraDetails, boolean nestedAlbums,
                          boolean comments) {
    /** What a visitor who holds no link sees of an album they may see: everything but what links alone grant. */
    public static final LinkOptions EVERYTHING = new LinkOptions(true, true, true, true, false);
}
