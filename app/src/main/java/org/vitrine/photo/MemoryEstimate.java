package org.vitrine.photo;

import org.vitrine.media.ImageFormat;

/**
 * MemoryEstimate guesses the peak memory of making one photo's derivatives from what its header says (pixel
 * size, format, progressive or not) and which engine runs, so the worker can admit jobs by memory.
 *
 * <p>The numbers are deliberately round and on the high side; they come from the measurements in
 * shared/FACTS.md ("Image processing") on 24 and 48 MP JPEGs:
 * <ul>
 *   <li>pure Java (ImageIO decode of the whole image, then area averaging): ~160 MB of heap at 48 MP, i.e.
 *   about 3 bytes per source pixel for the decoded raster plus the reduced copy;</li>
 *   <li>libvips with shrink-on-load: the JPEG is decoded already reduced by a power of two (up to 8) towards
 *   the largest derivative, 3 bytes per decoded pixel, plus the library's own buffers (57-126 MiB RSS for
 *   a whole process with vipsthumbnail, of which ~40 MB is the runtime);</li>
 *   <li>progressive JPEGs make libjpeg keep every DCT coefficient of the image until the last scan: 2 bytes
 *   per sample, 1.5 samples per pixel at 4:2:0, so about 3 bytes per source pixel whatever the engine
 *   (FACTS: vips peaked at ~190 MiB on a 24 MP progressive JPEG against ~60-120 MiB baseline);</li>
 *   <li>PNG (and TIFF, GIF, WebP) are decoded whole by both engines: 4 bytes per pixel (RGBA).</li>
 * </ul>
 * Outputs: the largest derivative twice (the reduced image and its upright copy for the encoder), as 4-byte
 * int pixels in Java and 3-byte pixels in libvips; the cascade of smaller sizes adds less than a third of that.
 * Revisit when the engines change.
 */
public final class MemoryEstimate {
    static final long MB = 1024 * 1024;
    /** Decoder state, encoder buffers and temporary objects of one job, whatever the photo. */
    static final long PER_JOB = 8 * MB;
    /** libvips' per-job thread buffers and tile caches on top of the pixels it holds. */
    static final long VIPS_PER_JOB = 24 * MB;

    private MemoryEstimate() {
    }

    /**
     * Estimated peak bytes for one photo's ladder whose largest size is {@code largestEdge} pixels.
     *
     * @param engine the engine's {@link org.vitrine.media.ImageEngine#name()}: "vips", otherwise pure Java
     */
    public static long bytes(String engine, ImageFormat format, boolean progressive, long width, long height,
                             int largestEdge) {
        long pixels = Math.max(1, width) * Math.max(1, height);
        long longEdge = Math.max(1, Math.max(width, height));
        double scale = Math.min(1.0, (double) largestEdge / longEdge);
        long outputPixels = (long) Math.ceil(pixels * scale * scale);
        long coefficients = format == ImageFormat.JPEG && progressive ? pixels * 3 : 0;
        boolean jpeg = format == ImageFormat.JPEG;
        if ("vips".equals(engine)) {
            long shrink = jpeg ? shrinkOnLoad(longEdge, largestEdge) : 1;
            long decoded = pixels * (jpeg ? 3 : 4) / (shrink * shrink);
            return decoded + coefficients + outputPixels * 3 * 2 + VIPS_PER_JOB;
        }
        long decoded = pixels * (jpeg ? 3 : 4);
        return decoded + coefficients + outputPixels * 4 * 2 + PER_JOB;
    }

    /** libjpeg can scale by 1/2, 1/4 or 1/8 while decoding; libvips picks the largest that stays above the target. */
    static long shrinkOnLoad(long longEdge, int target) {
        long shrink = 1;
        while (shrink < 8 && longEdge / (shrink * 2) >= target) {
            shrink *= 2;
        }
        return shrink;
    }
}
