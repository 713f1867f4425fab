package org.vitrine.photo;

/**
 * PhotoTile is one photo in an album grid.
 *
 * @param url          the photo's own page
 * @param width        upright display width (known from the header even while processing)
 * @param height       upright display height
 * @param status       "processing", "ready" or "failed"
 * @param statusDetail why it failed, or null
 * @param picture      the images to show, or null unless ready
 */
public record PhotoTile(long id, String url, String alt, int width, int height, String status,
                        String statusDetail, Picture picture) {
    public boolean ready() {
        return picture != null;
    }
}
