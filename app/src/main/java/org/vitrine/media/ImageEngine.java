package org.vitrine.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * ImageEngine turns an original into the ladder of derivatives: JPEG, sRGB, upright, no metadata.
 * Implementations decode once, make the largest size, then cascade the smaller sizes from it.
 */
public interface ImageEngine {

    /** The JPEG quality (0-100) of every derivative, whichever engine makes it. */
    int JPEG_QUALITY = 85;

    /** A short name for logs and the admin page, e.g. "java" or "vips". */
    String name();

    /** Whether this engine can decode the format at all. */
    boolean canDecode(ImageFormat format);

    /**
     * Renders one derivative per long-edge size into {@code outputDir}, never upscaling: sizes larger than
     * the upright image collapse into one derivative at the image's own size. Files are written completely
     * before this returns (a failed call leaves no file behind under its final name).
     *
     * @param orientation the transform (EXIF numbering) to apply to the pixels as the decoder delivers them; for
     *                    formats whose decoder applies the container's transform itself
     *                    ({@link ImageFormat#decoderAppliesOrientation()}) only what remains, e.g. the owner's rotation
     * @param longEdges   requested long-edge sizes in pixels, largest first
     * @throws UnsupportedImageException when this engine cannot decode the format
     * @throws IOException               when the image data is corrupt or cannot be read
     */
    List<RenderedImage> render(Path original, ImageFormat format, int orientation, List<Integer> longEdges,
                               Path outputDir) throws IOException, UnsupportedImageException;

    /** One derivative written by {@link #render}: its upright pixel size and the JPEG file. */
    record RenderedImage(int width, int height, Path file) {
    }
}
