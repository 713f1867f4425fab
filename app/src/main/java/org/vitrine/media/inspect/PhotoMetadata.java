package org.vitrine.media.inspect;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * PhotoMetadata is what Vitrine reads from a photo's header and EXIF: its stored pixel size, the transform
 * that makes it upright, and the camera data. Every field but the size and orientation may be null.
 *
 * @param width       pixel columns as stored in the file, before orientation
 * @param height      pixel rows as stored in the file, before orientation
 * @param orientation 1-8 in EXIF terms; for HEIF/AVIF the container's irot/imir transform (EXIF ignored);
 *                    invalid or absent values are 1
 */
public record PhotoMetadata(
        int width,
        int height,
        int orientation,
        LocalDateTime takenAt,
        ZoneOffset takenOffset,
        String cameraMake,
        String cameraModel,
        String lens,
        String exposureTime,
        Double fNumber,
        Integer iso,
        Double focalLength,
        Double latitude,
        Double longitude,
        Double altitude) {

    /** True when the orientation swaps width and height (the 90° and 270° transforms 5-8). */
    public boolean swapsAxes() {
        return orientation >= 5 && orientation <= 8;
    }

    public int displayWidth() {
        return swapsAxes() ? height : width;
    }

    public int displayHeight() {
        return swapsAxes() ? width : height;
    }
}
