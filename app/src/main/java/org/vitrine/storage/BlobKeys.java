package org.vitrine.storage;

import java.util.OptionalLong;

/**
 * BlobKeys is the one place that says where each kind of blob lives: originals by content hash
 * ({@code originals/ab/<sha256>.<ext>}, shared by every album holding the same bytes) and derivatives by photo
 * ({@code derivatives/<photoId>/<width>-<hash>.jpg}).
 */
public final class BlobKeys {
    public static final String ORIGINALS = "originals/";
    public static final String DERIVATIVES = "derivatives/";

    private BlobKeys() {
    }

    /** The key of an original from its SHA-256 (hex) and its format's file extension. */
    public static String original(String sha256, String extension) {
        return ORIGINALS + sha256.substring(0, 2) + "/" + sha256 + "." + extension;
    }

    /** The key of one size of a photo, named by its width and a hash of its content. */
    public static String derivative(long photoId, int width, String contentHash) {
        return derivativesOf(photoId) + width + "-" + contentHash + ".jpg";
    }

    /** The prefix of every derivative of a photo. */
    public static String derivativesOf(long photoId) {
        return DERIVATIVES + photoId + "/";
    }

    /** The photo a derivative key belongs to, or empty for a key outside the derivatives layout. */
    public static OptionalLong photoOfDerivative(String key) {
        if (!key.startsWith(DERIVATIVES)) {
            return OptionalLong.empty();
        }
        int slash = key.indexOf('/', DERIVATIVES.length());
        if (slash < 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(key.substring(DERIVATIVES.length(), slash)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The last part of a key, as it appears at the end of a media URL. */
    public static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
