package org.vitrine.media.inspect;

import org.vitrine.media.ImageFormat;
import com.drew.imaging.heif.HeifMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.imaging.tiff.TiffMetadataReader;
import com.drew.imaging.webp.WebpMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import org.vitrine.media.RejectedImageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.function.Supplier;

/**
 * ExifReader reads camera data with metadata-extractor. Metadata is advisory: a damaged or hostile EXIF
 * block must never cost the user their photo, so every failure here yields "unknown" rather than an error.
 */
final class ExifReader {
    private static final Logger LOG = LoggerFactory.getLogger(ExifReader.class);
    static final int MAX_TEXT = 200;
    static final DateTimeFormatter EXIF_DATE =
            DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

    private ExifReader() {
    }

    /**
     * @throws RejectedImageException when reading the metadata ran out of memory or stack: the library met
     *                                something it could not bound, and the file is refused rather than the
     *                                request thread lost
     */
    static ExifFacts read(Path file, ImageFormat format) throws RejectedImageException {
        Metadata metadata;
        try {
            metadata = load(file, format);
        } catch (Exception e) {
            LOG.debug("media: unreadable metadata in {}: {}", file.getFileName(), e.toString());
            return ExifFacts.NONE;
        } catch (Error e) {
            LOG.warn("media: reading the metadata of {} failed with {}; the file is refused", file.getFileName(),
                    e.toString());
            throw new RejectedImageException("the file's metadata is too large or too deeply nested to read");
        }
        if (metadata == null) {
            return ExifFacts.NONE;
        }
        GeoLocation position = guard(() -> position(metadata));
        return new ExifFacts(
                orNull(guard(() -> integer(metadata, ExifIFD0Directory.class, ExifIFD0Directory.TAG_ORIENTATION)), 1),
                guard(() -> date(text(metadata, ExifSubIFDDirectory.class, ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL))),
                guard(() -> offset(text(metadata, ExifSubIFDDirectory.class, ExifSubIFDDirectory.TAG_TIME_ZONE_ORIGINAL))),
                guard(() -> text(metadata, ExifIFD0Directory.class, ExifIFD0Directory.TAG_MAKE)),
                guard(() -> text(metadata, ExifIFD0Directory.class, ExifIFD0Directory.TAG_MODEL)),
                guard(() -> text(metadata, ExifSubIFDDirectory.class, ExifSubIFDDirectory.TAG_LENS_MODEL)),
                guard(() -> exposure(rational(metadata, ExifSubIFDDirectory.class, ExifSubIFDDirectory.TAG_EXPOSURE_TIME))),
                guard(() -> plausible(rational(metadata, ExifSubIFDDirectory.class, ExifSubIFDDirectory.TAG_FNUMBER), 1000)),
                guard(() -> plausibleIso(integer(metadata, ExifSubIFDDirectory.class, ExifSubIFDDirectory.TAG_ISO_EQUIVALENT))),
                guard(() -> plausible(rational(metadata, ExifSubIFDDirectory.class, ExifSubIFDDirectory.TAG_FOCAL_LENGTH), 100_000)),
                position == null ? null : position.getLatitude(),
                position == null ? null : position.getLongitude(),
                position == null ? null : guard(() -> altitude(metadata)));
    }

    private static Metadata load(Path file, ImageFormat format) throws Exception {
        return switch (format) {
            // Only the EXIF segment reader: the others would parse ICC, XMP and maker data we never use.
            case JPEG -> JpegMetadataReader.readMetadata(file.toFile(), List.of(new com.drew.metadata.exif.ExifReader()));
            case TIFF -> TiffMetadataReader.readMetadata(file.toFile());
            case PNG -> PngMetadataReader.readMetadata(new ByteArrayInputStream(PngStructure.headerAndExif(file)));
            case WEBP -> withStream(file, WebpMetadataReader::readMetadata);
            case HEIC, AVIF -> withStream(file, HeifMetadataReader::readMetadata);
            case GIF -> null; // GIF has no EXIF
        };
    }

    private interface StreamReader {
        Metadata read(InputStream in) throws Exception;
    }

    private static Metadata withStream(Path file, StreamReader reader) throws Exception {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return reader.read(in);
        }
    }

    /** Runs one field's extraction; a failure loses that field only. */
    private static <T> T guard(Supplier<T> field) {
        try {
            return field.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static <T> T orNull(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static <D extends Directory> String text(Metadata metadata, Class<D> type, int tag) {
        for (D directory : metadata.getDirectoriesOfType(type)) {
            String value = clean(directory.getString(tag));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static <D extends Directory> Integer integer(Metadata metadata, Class<D> type, int tag) {
        for (D directory : metadata.getDirectoriesOfType(type)) {
            Integer value = directory.getInteger(tag);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static <D extends Directory> Rational rational(Metadata metadata, Class<D> type, int tag) {
        for (D directory : metadata.getDirectoriesOfType(type)) {
            Rational value = directory.getRational(tag);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Trims, drops NULs and control characters, and caps the length so a huge tag cannot flood a page. */
    static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_TEXT));
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!Character.isISOControl(c)) {
                out.append(c);
            }
        }
        String text = out.toString().strip();
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT).strip();
        }
        return text.isEmpty() ? null : text;
    }

    static LocalDateTime date(String text) {
        if (text == null) {
            return null;
        }
        try {
            LocalDateTime date = LocalDateTime.parse(text.length() > 19 ? text.substring(0, 19) : text, EXIF_DATE);
            return date.getYear() < 1800 ? null : date;
        } catch (java.time.DateTimeException e) {
            return null; // "0000:00:00 00:00:00" and friends mean "unknown"
        }
    }

    static ZoneOffset offset(String text) {
        if (text == null) {
            return null;
        }
        try {
            return ZoneOffset.of(text.strip());
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    static String exposure(Rational value) {
        if (value == null || value.getDenominator() == 0) {
            return null;
        }
        double seconds = value.doubleValue();
        if (!(seconds > 0) || seconds > 100_000) {
            return null;
        }
        if (seconds < 1) {
            return "1/" + Math.round(1 / seconds);
        }
        double tenths = Math.round(seconds * 10) / 10.0;
        return tenths == Math.rint(tenths) ? Long.toString((long) tenths) : Double.toString(tenths);
    }

    private static Double plausible(Rational value, double max) {
        if (value == null || value.getDenominator() == 0) {
            return null;
        }
        double v = value.doubleValue();
        return v > 0 && v < max ? v : null;
    }

    private static Integer plausibleIso(Integer iso) {
        return iso != null && iso > 0 && iso < 10_000_000 ? iso : null;
    }

    /** A position only when it is real: 0,0 is a placeholder and a void GPS block has none. */
    private static GeoLocation position(Metadata metadata) {
        for (GpsDirectory gps : metadata.getDirectoriesOfType(GpsDirectory.class)) {
            GeoLocation location = gps.getGeoLocation();
            if (location == null || location.isZero()) {
                continue;
            }
            double lat = location.getLatitude();
            double lon = location.getLongitude();
            if (Double.isFinite(lat) && Double.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
                return location;
            }
        }
        return null;
    }

    private static Double altitude(Metadata metadata) {
        for (GpsDirectory gps : metadata.getDirectoriesOfType(GpsDirectory.class)) {
            Rational altitude = gps.getRational(GpsDirectory.TAG_ALTITUDE);
            if (altitude == null || altitude.getDenominator() == 0) {
                continue;
            }
            double metres = altitude.doubleValue();
            Integer ref = gps.getInteger(GpsDirectory.TAG_ALTITUDE_REF);
            if (ref != null && ref == 1) {
                metres = -metres; // below sea level
            }
            return Double.isFinite(metres) && Math.abs(metres) < 100_000 ? metres : null;
        }
        return null;
    }
}
