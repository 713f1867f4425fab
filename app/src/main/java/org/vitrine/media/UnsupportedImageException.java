package org.vitrine.media;

/**
 * UnsupportedImageException means the current image engine cannot decode a format it accepted
 * (HEIC/AVIF without libvips); its message says what would make it work.
 */
public final class UnsupportedImageException extends Exception {
    public UnsupportedImageException(String message) {
        super(message);
    }
}
