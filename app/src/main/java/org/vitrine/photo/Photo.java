package org.vitrine.photo;

import org.vitrine.media.ImageFormat;
import org.vitrine.media.Orientations;
import org.vitrine.media.inspect.PhotoMetadata;

/**
 * Photo is an uploaded original: where its bytes are, what the header and EXIF said, and how far its
 * derivatives have got.
 *
 * @param rotation     the owner's rotation in quarter turns clockwise, on top of the camera's orientation
 * @param status       "processing", "ready" or "failed"
 * @param statusDetail why it failed, or null
 */
public record Photo(long id, long albumId, String sha256, String originalKey, String originalName, ImageFormat format,
                    long byteSize, PhotoMetadata metadata, int rotation, String title, String caption, String status,
                    String statusDetail, long uploadedAt) {

    public static final String PROCESSING = "processing";
    public static final String READY = "ready";
    public static final String FAILED = "failed";
    /** Starts the reason of a photo kept until an engine that decodes its format is installed. */
    public static final String WAITING_FOR_AN_ENGINE = "Not processed yet: ";

    private static final java.time.format.DateTimeFormatter LOCAL_SECONDS =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /** The local time taken as ISO-8601 with seconds ("2015-06-11T10:29:26"), or null. */
    public static String formatTakenAt(java.time.LocalDateTime takenAt) {
        return takenAt == null ? null : LOCAL_SECONDS.format(takenAt);
    }

    /** When the photo was taken, with its UTC offset when known ("2015-06-11T10:29:26+02:00"), or null. */
    public String takenAtIso() {
        String local = formatTakenAt(metadata.takenAt());
        return local == null || metadata.takenOffset() == null ? local : local + metadata.takenOffset().getId();
    }

    /** The whole transform from stored pixels to upright: the camera's orientation, then the owner's rotation. */
    public int uprightOrientation() {
        return Orientations.rotatedClockwise(metadata.orientation(), rotation);
    }

    /**
     * The transform an engine applies to decoded pixels. HEIF decoders (libheif) already apply the container's
     * rotation while decoding, so for HEIC and AVIF only the owner's rotation is left to apply.
     */
    public int renderOrientation() {
        return format.decoderAppliesOrientation() ? Orientations.rotatedClockwise(1, rotation) : uprightOrientation();
    }

    public int displayWidth() {
        return Orientations.swapsAxes(uprightOrientation()) ? metadata.height() : metadata.width();
    }

    public int displayHeight() {
        return Orientations.swapsAxes(uprightOrientation()) ? metadata.width() : metadata.height();
    }
}
