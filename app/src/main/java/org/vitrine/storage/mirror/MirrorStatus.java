package org.vitrine.storage.mirror;

import java.util.Optional;

/**
 * MirrorStatus is what the admin page shows of the mirror: the cloud it copies to, how many photos wait for
 * their copy and which has waited longest, how many blobs are copied, and the last error and success.
 *
 * @param store         "s3" or "azure"
 * @param backlog       photos whose copy is not made yet
 * @param oldestWaiting the photo waiting longest, if any
 * @param copies        blobs recorded as copied
 * @param lastError     the last failure in words for the owner (never a cloud's own message)
 * @param failing       whether that error is the last thing that happened: no copy has succeeded since
 */
public record MirrorStatus(String store, long backlog, Optional<Waiting> oldestWaiting, long copies,
                           Optional<String> lastError, Optional<Long> lastErrorAt, Optional<Long> lastSuccessAt,
                           boolean failing) {

    /** The photo that has waited longest, with its album's title and its upload time (epoch milliseconds). */
    public record Waiting(long photoId, String albumTitle, long uploadedAt) {
    }

}
