package org.vitrine.jobs;

/**
 * Job is one claimed unit of background work: what to do, to which subject, with which payload, and how often it
 * was tried.
 *
 * @param payload     the job's small text argument (e.g. JSON naming a target store), empty when it has none
 * @param maxAttempts the attempts its kind's {@link RetryPolicy} allows
 */
public record Job(long id, JobKind kind, long subjectId, String payload, int attempts, int maxAttempts) {

    /** Whether a failure of this attempt fails the job for good. */
    public boolean lastAttempt() {
        return attempts >= maxAttempts;
    }
}
