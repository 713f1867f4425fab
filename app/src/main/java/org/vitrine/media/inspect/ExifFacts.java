package org.vitrine.media.inspect;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** ExifFacts is what the EXIF block says about a photo; every field may be null except the raw orientation. */
record ExifFacts(int orientation, LocalDateTime takenAt, ZoneOffset takenOffset, String cameraMake,
                 String cameraModel, String lens, String exposureTime, Double fNumber, Integer iso,
                 Double focalLength, Double latitude, Double longitude, Double altitude) {

    static final ExifFacts NONE = new ExifFacts(1, null, null, null, null, null, null, null, null, null, null,
            null, null);
}
