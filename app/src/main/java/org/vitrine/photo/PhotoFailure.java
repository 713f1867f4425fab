package org.vitrine.photo;

/**
 * PhotoFailure says why a photo ended failed, as a field code can act on (a photo waiting for an engine is tried
 * again once one can decode it); the photo's status detail says it in words for its owner.
 */
public enum PhotoFailure {
    /** No installed engine decodes its format (HEIC or AVIF without libvips): kept until one does. */
    NO_ENGINE,
    /** The engine could not decode the file (damaged or not really an image): the same bytes fail the same way. */
    UNDECODABLE,
    /** Its sizes could not be stored on any attempt (disk full, permissions, storage not answering). */
    STORAGE,
    /** Processing threw on every attempt. */
    ERROR,
    /** It crashed the image worker process too many times (too large for its memory, or damaged). */
    CRASHED_WORKER,
    /** It overran its time limit too many times. */
    TIMED_OUT
}
