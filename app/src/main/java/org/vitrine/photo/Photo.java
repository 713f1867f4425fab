package org.vitrine.photo;

import org.vitrine.media.ImageFormat;
import org.vitrine.media.Orientations;
import org.vitrine.media.inspect.PhotoMetadata;

/**
 * Photo is an uploaded original: where its bytes are, what the header and EXIF said, and how far its
 * derivatives have got.
 *
 * @param rotation     the owner's rotation in quarter turns clockwise, on top of the camera's orientation
 * @param statusDetail why it failed, or null; for the owner only (it may name internals)
 */
public record Photo(long id, long albumId, String sha256, String originalKey, String originalName, ImageFormat format,
                    long byteSize, PhotoMetadata metadata, int rotation, String title, String caption, PhotoStatus status,
                    String statusDetail, long uploadedAt) {

    /** What visitors read about a failed photo: the reason itself is the owner's. */
    public static final String NOT_PROCESSED = "This photo could not be processed.";
    /** Starts the reason of a photo kept until an engine that decodes its format is installed. */
    public static final String WAITING_FOR_AN_ENGINE = "Not processed yet: ";

    /** "Canon EOS 600D" rather than "Canon Canon EOS 600D": many models already start with the make. */
    public String cameraName() {
        String make = metadata.cameraMake();
        String model = metadata.cameraModel();
        if (model == null) {
            return make;
        }
        if (make == null) {
            return model;
        }
        String firstWord = make.split("\\s+")[0];
        return model.toLowerCase(java.util.Locale.ROOT).startsWith(firstWord.toLowerCase(java.util.Locale.ROOT))
                ? model : make + " " + model;
    }

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
