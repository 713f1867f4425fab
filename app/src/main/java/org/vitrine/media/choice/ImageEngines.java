package org.vitrine.media.choice;

import org.vitrine.media.ImageEngine;
import org.vitrine.media.PixelLimit;
import org.vitrine.media.purejava.JavaImageEngine;
import org.vitrine.media.vips.VipsImageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/** ImageEngines picks the image engine named by the VITRINE_IMAGE_ENGINE setting (auto, java or vips). */
public final class ImageEngines {
    private static final Logger LOG = LoggerFactory.getLogger(ImageEngines.class);

    private ImageEngines() {
    }

    /**
     * Returns libvips for "vips", the pure-Java engine for "java", and for "auto" libvips when this machine
     * can load it, else the pure-Java engine.
     *
     * @throws IllegalArgumentException when "vips" is asked for but cannot be loaded, or the setting is unknown
     */
    public static ImageEngine choose(String setting) {
        return choose(setting, PixelLimit.DEFAULT_MAX_PIXELS, 1, Long.MAX_VALUE);
    }

    /**
     * Like {@link #choose(String)}, with the largest image (in pixels) the engine agrees to decode, and how many
     * jobs run at once within what memory budget (libvips' own threads per image are sized from these).
     */
    public static ImageEngine choose(String setting, long maxPixels, int jobThreads, long budgetMb) {
        int threadsPerImage = VipsImageEngine.threadsPerImage(jobThreads, budgetMb);
        return switch (setting) {
            case "java" -> new JavaImageEngine(maxPixels);
            case "vips" -> VipsImageEngine.load(maxPixels, threadsPerImage).orElseThrow(() -> new IllegalArgumentException(
                    "VITRINE_IMAGE_ENGINE=vips but libvips cannot be loaded (" + VipsImageEngine.unavailableReason()
                            + "): install the Debian package libvips42, or set VITRINE_IMAGE_ENGINE=auto or java"));
            case "auto" -> {
                Optional<VipsImageEngine> vips = VipsImageEngine.load(maxPixels, threadsPerImage);
                if (vips.isEmpty()) {
                    LOG.info("media: using the pure-Java image engine; install libvips42 for speed and HEIC/AVIF");
                }
                yield vips.<ImageEngine>map(e -> e).orElseGet(() -> new JavaImageEngine(maxPixels));
            }
            default -> throw new IllegalArgumentException("VITRINE_IMAGE_ENGINE must be auto, java or vips, not "
                    + setting);
        };
    }
}
