package org.vitrine.media.inspect;

import org.vitrine.media.ImageFormat;
import org.vitrine.media.RejectedImageException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * ImageInspector decides whether a stored upload is an image Vitrine accepts, without decoding its pixels:
 * type from magic bytes, pixel size from the header (checked against the pixel limit before anything is
 * decoded), a structural check for truncated data, and the EXIF metadata. Runs on request threads, so it
 * must be cheap and bounded in memory whatever the file holds.
 */
public interface ImageInspector {

    /**
     * Inspects the file.
     *
     * @throws RejectedImageException with a user-facing reason when the file is refused
     * @throws IOException            when the file cannot be read at all
     */
    Inspection inspect(Path file) throws RejectedImageException, IOException;

    /** The detected type and the metadata of an accepted file. */
    record Inspection(ImageFormat format, PhotoMetadata metadata) {
    }
}
