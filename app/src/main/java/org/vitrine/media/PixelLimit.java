package org.vitrine.media;

/**
 * PixelLimit is the largest image, in pixels, that Vitrine accepts and decodes: the inspector refuses larger
 * uploads from their headers, and each engine checks again before decoding.
 */
public final class PixelLimit {
    /** The default limit: 100 megapixels, far above any camera and far below a decompression bomb. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private PixelLimit() {
    }
}
