package org.vitrine.photo;

/**
 * PhotoTile is one photo in an album grid.
 *
 * @param url           the photo's own page
 * @param width         upright display width (known from the header even while processing)
 * @param height        upright display height
 * @param failureReason why it failed, for whoever manages the album; null for visitors and unless failed
 * @param picture       the images to show, or null unless ready
 * @param described     whether the alt text comes from the owner (title or caption), and so makes a caption
 */
public record PhotoTile(long id, String url, String alt, int width, int height, PhotoStatus status,
                        String failureReason, Picture picture, boolean described) {
    public PhotoTile(long id, String url, String alt, int width, int height, PhotoStatus status,
                     String failureReason, Picture picture) {
        this(id, url, alt, width, height, status, failureReason, picture, true);
    }

    public boolean ready() {
        return picture != null;
    }

    public boolean failed() {
        return status == PhotoStatus.FAILED;
    }
}
