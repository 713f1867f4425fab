package org.vitrine.media.inspect;

import org.vitrine.media.ImageFormat;
import org.vitrine.media.Orientations;
import org.vitrine.media.PixelLimit;
import org.vitrine.media.PixelSize;
import org.vitrine.media.RejectedImageException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ExifImageInspector accepts or refuses an upload from its header alone: type from magic bytes, pixel size
 * against a limit, a streaming check that the data is complete, then EXIF (or, for HEIF/AVIF, the
 * container's own transform) for orientation and camera data.
 */
public final class ExifImageInspector implements ImageInspector {
    private final long maxPixels;

    public ExifImageInspector() {
        this(PixelLimit.DEFAULT_MAX_PIXELS);
    }

    public ExifImageInspector(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    @Override
    public Inspection inspect(Path file) throws RejectedImageException, IOException {
        byte[] head = head(file);
        ImageFormat format = FormatSniffer.sniff(head, head.length);
        int containerOrientation = 0;
        PixelSize size;
        switch (format) {
            case JPEG -> size = JpegStructure.check(file);
            case PNG -> size = PngStructure.check(file);
            case GIF -> size = GifWebpTiffHeaders.gif(file);
            case WEBP -> size = GifWebpTiffHeaders.webp(file);
            case TIFF -> size = GifWebpTiffHeaders.tiff(file);
            case HEIC, AVIF -> {
                HeifBoxes.Primary primary = HeifBoxes.read(file);
                size = primary.size();
                containerOrientation = primary.orientation();
            }
            default -> throw new IllegalStateException("unhandled format " + format);
        }
        checkPixelLimit(size);
        ExifFacts exif = ExifReader.read(file, format);
        // In HEIF the EXIF orientation is informational; the container transform is what decoders apply.
        int orientation = containerOrientation != 0 ? containerOrientation : Orientations.normalize(exif.orientation());
        return new Inspection(format, new PhotoMetadata((int) size.width(), (int) size.height(), orientation,
                exif.takenAt(), exif.takenOffset(), exif.cameraMake(), exif.cameraModel(), exif.lens(),
                exif.exposureTime(), exif.fNumber(), exif.iso(), exif.focalLength(), exif.latitude(),
                exif.longitude(), exif.altitude()));
    }

    private void checkPixelLimit(PixelSize size) throws RejectedImageException {
        if (size.width() > Integer.MAX_VALUE || size.height() > Integer.MAX_VALUE || size.pixels() > maxPixels) {
            throw new RejectedImageException(String.format(
                    "too large: %d × %d pixels (%s megapixels); the limit is %s megapixels",
                    size.width(), size.height(), megapixels(size.pixels(), maxPixels), megapixels(maxPixels, maxPixels)));
        }
    }

    /**
     * Megapixels with as few decimals as keep them apart from the limit's: 10001 × 10000 pixels is "100.01"
     * against a limit of "100", not "100" against "100". Trailing zeros are dropped (a limit reads "100").
     */
    static String megapixels(long pixels, long limit) {
        int decimals = 0;
        while (decimals < 6 && round(pixels, decimals).compareTo(round(limit, decimals)) == 0 && pixels != limit) {
            decimals++;
        }
        decimals = Math.max(decimals, pixels < 10_000_000 ? 1 : 0);
        BigDecimal shown = round(pixels, decimals);
        return (pixels == limit ? shown.stripTrailingZeros() : shown).toPlainString();
    }

    private static BigDecimal round(long pixels, int decimals) {
        return BigDecimal.valueOf(pixels).movePointLeft(6).setScale(decimals, RoundingMode.HALF_UP);
    }

    private static byte[] head(Path file) throws IOException, RejectedImageException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(FormatSniffer.HEAD_LENGTH);
            if (head.length == 0) {
                throw new RejectedImageException("empty file");
            }
            return head;
        }
    }
}
