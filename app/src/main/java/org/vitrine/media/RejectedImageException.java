package org.vitrine.media;

/**
 * RejectedImageException means an uploaded file is not accepted; its message is shown to the user as is,
 * so it says in plain words what is wrong (e.g. "not an image: this looks like a ZIP archive").
 */
public final class RejectedImageException extends Exception {
    public RejectedImageException(String message) {
        super(message);
    }
}
