package org.vitrine.photo;

/**
 * Picture is a ready photo as the browser loads it: a default source, the srcset ladder, and the largest
 * derivative for the lightbox.
 *
 * @param width      upright display width of the photo (for the aspect ratio; no layout shift)
 * @param height     upright display height
 * @param srcset     "URL 256w, URL 512w, ..." over all derivatives
 * @param fullUrl    the largest derivative, for the lightbox
 * @param fullWidth  its width
 * @param fullHeight its height
 */
public record Picture(String src, String srcset, int width, int height, String fullUrl, int fullWidth,
                      int fullHeight) {
}
