package org.vitrine.photo;

import org.vitrine.media.ImageFormat;
import org.vitrine.media.PhotoMetadata;

/**
 * Photo is an uploaded original: where its bytes are, what the header and EXIF said, and how far its
 * derivatives have got.
 *
 * @param status       "processing", "ready" or "failed"
 * @param statusDetail why it failed, or null
 */
public record Photo(long id, long albumId, String sha256, String originalKey, String originalName, ImageFormat format,
                    long byteSize, PhotoMetadata metadata, String title, String caption, String status,
                    String statusDetail, long uploadedAt) {

    public static final String PROCESSING = "processing";
    public static final String READY = "ready";
    public static final String FAILED = "failed";

    public int displayWidth() {
        return metadata.displayWidth();
    }

    public int displayHeight() {
        return metadata.displayHeight();
    }
}
