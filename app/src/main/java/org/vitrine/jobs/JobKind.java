package org.vitrine.jobs;

/**
 * JobKind is the closed set of background jobs. Each job carries the id of its subject and, when it needs one,
 * a small payload; each kind has its own {@link RetryPolicy}.
 */
public enum JobKind {
    /** Make the derivative ladder of a photo; the subject is the photo id. */
    DERIVATIVES("photo", RetryPolicy.DEFAULT),
    /**
     * Send a blob from the local spool to the cloud store (cloud-primary storage); the payload is the blob's key,
     * the subject is unused (0).
     */
    CLOUD_UPLOAD("spooled blob", RetryPolicy.UNTIL_BACK),
    /**
     * Copy a photo's original (and its sizes, if so set) to the mirror; the subject is the photo id, the payload
     * the mirror's store ("s3", "azure"). Retried until the cloud is back (see storage/mirror).
     */
    MIRROR_COPY("photo", RetryPolicy.UNTIL_BACK),
    /** Remove a blob no photo uses any more from the mirror; the payload is the store and key ("s3 originals/…"). */
    MIRROR_DELETE("blob", RetryPolicy.UNTIL_BACK);

    private final String subject;
    private final RetryPolicy retryPolicy;

    JobKind(String subject, RetryPolicy retryPolicy) {
        this.subject = subject;
        this.retryPolicy = retryPolicy;
    }

    /** What the subject id points at, for logs: "job 42 DERIVATIVES photo 7". */
    public String subject() {
        return subject;
    }

    /** How often a failing job of this kind is tried, and how long it waits in between. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }
}
