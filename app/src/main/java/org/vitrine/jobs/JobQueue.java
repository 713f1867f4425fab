package org.vitrine.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * JobQueue is the durable queue of background work, kept in the database so it survives restarts.
 * A worker claims a job with a lease; a job whose lease runs out (its worker died) is claimed again.
 */
public interface JobQueue {

    /** Adds a job unless the same kind is already waiting or running for the subject. */
    void enqueue(JobKind kind, long subjectId);

    /** Takes the next due job for this worker, or empty when none is due. Never gives one job to two workers. */
    Optional<Job> claim(String workerId, Duration lease);

    /** Extends the lease of a running job; false when the worker no longer holds it. */
    boolean heartbeat(long jobId, String workerId, Duration lease);

    /** Marks the job done; false when the worker no longer holds it, so its result was not recorded. */
    boolean complete(long jobId, String workerId);

    /**
     * Records a failure: the job is retried later with a growing delay, or marked failed for good once it
     * has used its attempts or when {@code permanent} is true.
     *
     * @return true when the job will be retried
     */
    boolean fail(long jobId, String workerId, String error, boolean permanent);

    /** The error of a job set aside by {@link #releaseCrashed}, as the admin and the photo's owner see it. */
    String CRASHED_THE_WORKER = "crashed the image worker";

    /**
     * Releases at once every job running under {@code workerId} (lease owners {@code workerId/...}) after its
     * process died, counting one crash on each: it goes back in the queue, or, once it has crashed the worker
     * {@code maxCrashes} times, it is failed with {@link #CRASHED_THE_WORKER} and not retried automatically.
     *
     * @param cause how the process died, for the job's error
     */
    List<Released> releaseCrashed(String workerId, int maxCrashes, String cause);

    /** Puts a failed job back in the queue, with fresh attempts and no crashes counted. */
    boolean retry(long jobId);

    /** Puts every failed job of this kind back in the queue (e.g. once a new engine can decode them). */
    int retryAllFailed(JobKind kind);

    /** Jobs by status for the admin page and {@code vitrine jobs}, most recent first. */
    List<JobView> list(int limit);

    /** How many jobs are in each status. */
    Counts counts();

    /** A job as shown to the admin. */
    record JobView(long id, JobKind kind, long subjectId, String status, int attempts, long runAt,
                   String leaseOwner, String lastError, long updatedAt) {
    }

    /** A job released by {@link #releaseCrashed}: its crash count, and whether it was set aside as failed. */
    record Released(long jobId, JobKind kind, long subjectId, int crashes, boolean setAside) {
    }

    record Counts(int queued, int running, int done, int failed) {
    }
}
